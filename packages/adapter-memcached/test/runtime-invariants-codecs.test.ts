import { codecTestConfigurations, describeRuntimeInvariants } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createMemcachedAdapter } from '../src/index.js';

const { memcached, memcachedPool } = testServices();

// The same scenarios as runtime-invariants.test.ts, with values compressed,
// encrypted, and both: leases and tag records stay plain.
for (const { name, codecs } of codecTestConfigurations()) {
  describeRuntimeInvariants({
    name: `memcached (one server) with ${name}`,
    factory: ({ namespace }) => createMemcachedAdapter({ namespace, servers: memcached.location }),
    cacheOptions: { codecs },
  });

  describeRuntimeInvariants({
    name: `memcached (pool of three) with ${name}`,
    factory: ({ namespace }) =>
      createMemcachedAdapter({ namespace, servers: memcachedPool.locations }),
    cacheOptions: { codecs },
  });
}

import { describeRuntimeInvariants } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createMemcachedAdapter } from '../src/index.js';

const { memcached, memcachedPool } = testServices();

// No Memcached bus exists: the scenarios that need one run with the in-process bus
// of @pc/core/testing (the default), the rest cross "processes" through the server.
describeRuntimeInvariants({
  name: 'memcached (one server)',
  factory: ({ namespace }) => createMemcachedAdapter({ namespace, servers: memcached.location }),
});

describeRuntimeInvariants({
  name: 'memcached (pool of three)',
  factory: ({ namespace }) =>
    createMemcachedAdapter({ namespace, servers: memcachedPool.locations }),
});

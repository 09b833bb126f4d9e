import { codecTestConfigurations, describeRuntimeInvariants } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { PATIENT } from './helpers.js';

const { redis, redisCluster } = testServices();

// The same scenarios as runtime-invariants.test.ts, with values compressed,
// encrypted, and both: leases and tag records stay plain.
for (const { name, codecs } of codecTestConfigurations()) {
  describeRuntimeInvariants({
    name: `redis (standalone) with the Redis bus and ${name}`,
    factory: ({ namespace }) => createRedisAdapter({ namespace, url: redis.url, ...PATIENT }),
    bus: (channel) => createRedisBus({ url: redis.url, channel, ...PATIENT }),
    cacheOptions: { codecs },
  });

  describeRuntimeInvariants({
    name: `redis (3-master cluster) with the Redis bus and ${name}`,
    factory: ({ namespace }) =>
      createRedisAdapter({ namespace, clusterNodes: redisCluster.nodes, ...PATIENT }),
    bus: (channel) => createRedisBus({ url: redis.url, channel, ...PATIENT }),
    cacheOptions: { codecs },
  });
}

import { describeRuntimeInvariants } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { PATIENT } from './helpers.js';

const { redis, redisCluster } = testServices();

describeRuntimeInvariants({
  name: 'redis (standalone) with the Redis bus',
  factory: ({ namespace }) => createRedisAdapter({ namespace, url: redis.url, ...PATIENT }),
  bus: (channel) => createRedisBus({ url: redis.url, channel, ...PATIENT }),
});

describeRuntimeInvariants({
  name: 'redis (3-master cluster) with the Redis bus',
  factory: ({ namespace }) =>
    createRedisAdapter({ namespace, clusterNodes: redisCluster.nodes, ...PATIENT }),
  bus: (channel) => createRedisBus({ url: redis.url, channel, ...PATIENT }),
});

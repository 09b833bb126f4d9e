import { describeAdapterConformance } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createRedisAdapter } from '../src/index.js';
import { PATIENT } from './helpers.js';

const { redis, redisCluster } = testServices();

// Port 1 on loopback: nothing listens, connections are refused at once.
const unreachableFactory = ({
  namespace,
  overrides,
}: {
  namespace: string;
  overrides?: { timeoutMilliseconds?: number };
}) =>
  createRedisAdapter({
    namespace,
    url: 'redis://127.0.0.1:1',
    commandTimeoutMilliseconds: overrides?.timeoutMilliseconds,
    connectTimeoutMilliseconds: overrides?.timeoutMilliseconds,
  });

describeAdapterConformance({
  name: 'redis (standalone)',
  factory: ({ namespace }) => createRedisAdapter({ namespace, url: redis.url, ...PATIENT }),
  factoryWithUnknownOption: (name) =>
    createRedisAdapter({ namespace: 'unknown', url: redis.url, [name]: 1 }),
  expiry: 'backend',
  unreachableFactory,
});

describeAdapterConformance({
  name: 'redis (3-master cluster)',
  factory: ({ namespace }) =>
    createRedisAdapter({ namespace, clusterNodes: redisCluster.nodes, ...PATIENT }),
  factoryWithUnknownOption: (name) =>
    createRedisAdapter({ namespace: 'unknown', clusterNodes: redisCluster.nodes, [name]: 1 }),
  expiry: 'backend',
  unreachableFactory: ({ namespace, overrides }) =>
    createRedisAdapter({
      namespace,
      clusterNodes: [{ host: '127.0.0.1', port: 1 }],
      commandTimeoutMilliseconds: overrides?.timeoutMilliseconds,
      connectTimeoutMilliseconds: overrides?.timeoutMilliseconds,
    }),
});

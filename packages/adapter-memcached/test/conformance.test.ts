import type { AdapterTestContext } from '@pc/core';
import { describeAdapterConformance } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createMemcachedAdapter } from '../src/index.js';

const { memcached, memcachedPool } = testServices();

// Port 1 on loopback: nothing listens, connections are refused at once.
const unreachableFactory = ({ namespace, overrides }: AdapterTestContext) =>
  createMemcachedAdapter({
    namespace,
    servers: ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'],
    timeoutMilliseconds: overrides?.timeoutMilliseconds,
  });

describeAdapterConformance({
  name: 'memcached (one server)',
  factory: ({ namespace }) => createMemcachedAdapter({ namespace, servers: memcached.location }),
  factoryWithUnknownOption: (name) =>
    createMemcachedAdapter({ namespace: 'unknown', servers: memcached.location, [name]: 1 }),
  expiry: 'backend',
  unreachableFactory,
});

describeAdapterConformance({
  name: 'memcached (pool of three)',
  factory: ({ namespace }) =>
    createMemcachedAdapter({ namespace, servers: memcachedPool.locations }),
  factoryWithUnknownOption: (name) =>
    createMemcachedAdapter({ namespace: 'unknown', servers: memcachedPool.locations, [name]: 1 }),
  expiry: 'backend',
  unreachableFactory,
});

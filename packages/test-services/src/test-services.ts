import { inject } from 'vitest';
import type {
  MemcachedEndpoint,
  MemcachedPoolEndpoint,
  RedisClusterEndpoint,
  RedisEndpoint,
  TestServiceEndpoints,
} from './test-service-endpoints.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoints of the servers `setupTestServices` started for this run. */
    pcTestServices: TestServiceEndpoints;
  }
}

/** The endpoints, each property throwing when its service was not asked for. */
export interface TestServices {
  readonly redis: RedisEndpoint;
  readonly redisCluster: RedisClusterEndpoint;
  readonly memcached: MemcachedEndpoint;
  readonly memcachedPool: MemcachedPoolEndpoint;
}

const SERVICE_NAMES: Record<keyof TestServices, string> = {
  redis: 'redis',
  redisCluster: 'redis-cluster',
  memcached: 'memcached',
  memcachedPool: 'memcached-pool',
};

function required<K extends keyof TestServices>(
  endpoints: TestServiceEndpoints,
  key: K,
): TestServices[K] {
  const endpoint = endpoints[key];
  if (endpoint === undefined) {
    throw new Error(
      `[pc:test-services] "${SERVICE_NAMES[key]}" was not started for this package: add it to setupTestServices([...]) in test/global-setup.ts`,
    );
  }
  return endpoint as TestServices[K];
}

/**
 * Reads the endpoints the package's global setup started, inside a test file:
 * `const { redis } = testServices(); new Redis(redis.port, redis.host)`.
 */
export function testServices(): TestServices {
  const endpoints = inject('pcTestServices');
  if (endpoints === undefined) {
    throw new Error(
      '[pc:test-services] no test services: export default setupTestServices([...]) from test/global-setup.ts and register it with definePackageConfig({ globalSetup: ["test/global-setup.ts"] })',
    );
  }
  return {
    get redis() {
      return required(endpoints, 'redis');
    },
    get redisCluster() {
      return required(endpoints, 'redisCluster');
    },
    get memcached() {
      return required(endpoints, 'memcached');
    },
    get memcachedPool() {
      return required(endpoints, 'memcachedPool');
    },
  };
}

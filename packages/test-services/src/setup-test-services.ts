import type { TestProject } from 'vitest/node';
import { startMemcachedPool } from './memcached-pool.js';
import { startMemcached } from './memcached-server.js';
import { assertBinaries } from './missing-binaries-error.js';
import { startRedisCluster } from './redis-cluster.js';
import { startRedis } from './redis-server.js';
import { killEverythingSync, reapOrphanedServers } from './server-registry.js';
import type { TestServiceEndpoints, TestServiceName } from './test-service-endpoints.js';

const KNOWN_SERVICES: readonly TestServiceName[] = [
  'redis',
  'redis-cluster',
  'memcached',
  'memcached-pool',
];

const BINARIES: Record<TestServiceName, readonly string[]> = {
  redis: ['redis-server'],
  'redis-cluster': ['redis-server', 'redis-cli'],
  memcached: ['memcached'],
  'memcached-pool': ['memcached'],
};

/** A vitest globalSetup function: starts servers, returns their teardown. */
export type TestServicesGlobalSetup = (project: TestProject) => Promise<() => Promise<void>>;

/**
 * Builds a vitest globalSetup that starts the named services on free loopback ports,
 * hands their endpoints to tests (`testServices()`), and stops them on teardown and
 * on SIGTERM/SIGINT/exit. A service that cannot start fails the run, under `CI=true`
 * and locally alike: nothing is skipped.
 *
 * ```ts
 * // test/global-setup.ts
 * export default setupTestServices(['redis', 'redis-cluster']);
 * ```
 */
export function setupTestServices(services: readonly TestServiceName[]): TestServicesGlobalSetup {
  const unknown = services.filter((service) => !KNOWN_SERVICES.includes(service));
  if (unknown.length > 0) {
    throw new TypeError(
      `[pc:test-services] unknown service(s) ${unknown.join(', ')}; use ${KNOWN_SERVICES.join(', ')}`,
    );
  }
  const wanted = new Set(services);

  return async function globalSetup(project) {
    reapOrphanedServers();
    assertBinaries([...new Set([...wanted].flatMap((service) => BINARIES[service]))]);

    const stops: Array<() => Promise<void>> = [];
    const onSignal = (signal: NodeJS.Signals) => {
      killEverythingSync();
      removeSignalHandlers();
      // Keep the default meaning of the signal when nobody else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    const removeSignalHandlers = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);

    const teardown = async () => {
      removeSignalHandlers();
      await Promise.allSettled(stops.map((stop) => stop()));
    };

    const endpoints: TestServiceEndpoints = {};
    const starts: Array<Promise<void>> = [];
    if (wanted.has('redis')) {
      starts.push(
        startRedis().then((redis) => {
          stops.push(redis.stop);
          endpoints.redis = { host: redis.host, port: redis.port, url: redis.url };
        }),
      );
    }
    if (wanted.has('redis-cluster')) {
      starts.push(
        startRedisCluster().then((cluster) => {
          stops.push(cluster.stop);
          endpoints.redisCluster = {
            host: cluster.host,
            ports: [...cluster.ports],
            nodes: cluster.ports.map((port) => ({ host: cluster.host, port })),
          };
        }),
      );
    }
    if (wanted.has('memcached')) {
      starts.push(
        startMemcached().then((memcached) => {
          stops.push(memcached.stop);
          endpoints.memcached = {
            host: memcached.host,
            port: memcached.port,
            location: memcached.location,
          };
        }),
      );
    }
    if (wanted.has('memcached-pool')) {
      starts.push(
        startMemcachedPool().then((pool) => {
          stops.push(pool.stop);
          endpoints.memcachedPool = {
            host: pool.host,
            ports: [...pool.ports],
            locations: [...pool.locations],
          };
        }),
      );
    }
    const results = await Promise.allSettled(starts);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) {
      await teardown();
      throw failure.reason;
    }

    project.provide('pcTestServices', endpoints);
    return teardown;
  };
}

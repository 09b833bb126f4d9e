export type { ChildBundle, ChildBundleOptions } from './bundle-for-child-process.js';
export { bundleForChildProcess } from './bundle-for-child-process.js';
export { findFreePort } from './free-port.js';
export { freezeProcess, thawProcess } from './freeze-process.js';
export type { MemcachedPoolHandle, MemcachedPoolOptions } from './memcached-pool.js';
export { startMemcachedPool } from './memcached-pool.js';
export type { MemcachedServerHandle, MemcachedServerOptions } from './memcached-server.js';
export { startMemcached } from './memcached-server.js';
export { assertBinaries, MissingBinariesError } from './missing-binaries-error.js';
export type { RedisClusterHandle, RedisClusterOptions } from './redis-cluster.js';
export { startRedisCluster } from './redis-cluster.js';
export type { RedisServerHandle, RedisServerOptions } from './redis-server.js';
export { startRedis } from './redis-server.js';
export type { ChildExit } from './run-child-to-exit.js';
export { runChildToExit } from './run-child-to-exit.js';
export { runExitFixture } from './run-exit-fixture.js';
export { reapOrphanedServers } from './server-registry.js';
export type { TestServicesGlobalSetup } from './setup-test-services.js';
export { setupTestServices } from './setup-test-services.js';
export type {
  MemcachedEndpoint,
  MemcachedPoolEndpoint,
  RedisClusterEndpoint,
  RedisEndpoint,
  TestServiceEndpoints,
  TestServiceName,
} from './test-service-endpoints.js';
export type { TestServices } from './test-services.js';
export { testServices } from './test-services.js';
export {
  INSTALL_COMMAND,
  LOOPBACK_HOST,
  TEST_SERVICES_DEFAULTS,
} from './test-services-defaults.js';

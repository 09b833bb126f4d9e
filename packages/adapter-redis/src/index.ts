export type { RedisAdapter } from './redis-adapter.js';
export { createRedisAdapter } from './redis-adapter.js';
export type { RedisAdapterOptions } from './redis-adapter-options.js';
export { REDIS_ADAPTER_DEFAULTS } from './redis-adapter-options.js';
export { createRedisBus } from './redis-bus.js';
export type { RedisBusOptions } from './redis-bus-options.js';
export { REDIS_BUS_DEFAULTS } from './redis-bus-options.js';
export type { RedisConnectionOptions } from './redis-connection-options.js';
export { REDIS_CONNECTION_DEFAULTS } from './redis-connection-options.js';

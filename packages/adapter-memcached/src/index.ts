export { createMemcachedClient } from './create-memcached-client.js';
export { createMemcachedAdapter, MEMCACHED_ITEM_OVERHEAD_BYTES } from './memcached-adapter.js';
export type { MemcachedAdapterOptions } from './memcached-adapter-options.js';
export { MEMCACHED_ADAPTER_DEFAULTS } from './memcached-adapter-options.js';
export type {
  MemcachedCasValue,
  MemcachedClient,
  MemcachedClientCounters,
} from './memcached-client.js';
export type { MemcachedCallOptions, MemcachedClientOptions } from './memcached-client-options.js';
export { MEMCACHED_CLIENT_DEFAULTS } from './memcached-client-options.js';

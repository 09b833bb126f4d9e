export { createMemcachedAdapter, MEMCACHED_ITEM_OVERHEAD_BYTES } from './memcached-adapter.js';
export type { MemcachedAdapterOptions } from './memcached-adapter-options.js';
export { MEMCACHED_ADAPTER_DEFAULTS } from './memcached-adapter-options.js';

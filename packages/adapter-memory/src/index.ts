export { createMemoryAdapter, MemoryAdapter } from './memory-adapter.js';
export type { MemoryAdapterOptions } from './memory-adapter-options.js';
export { MEMORY_ADAPTER_DEFAULTS } from './memory-adapter-options.js';
export type { MemoryStoreEntry } from './memory-store.js';
export { createMemoryStore, MemoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store-options.js';
export { MEMORY_STORE_DEFAULTS } from './memory-store-options.js';

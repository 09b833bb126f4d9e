export type { FsAdapter, FsPruneOptions } from './fs-adapter.js';
export { createFsAdapter } from './fs-adapter.js';
export type { FsAdapterOptions } from './fs-adapter-options.js';
export { FS_ADAPTER_DEFAULTS } from './fs-adapter-options.js';

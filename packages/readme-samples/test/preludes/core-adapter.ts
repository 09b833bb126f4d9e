// packages/core/README.md, "Compression and encryption": any adapter.
declare const adapter: import('@pc/core').CacheAdapter;

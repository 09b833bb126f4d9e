/** What one server (a Redis node, a memcached server) tells about itself. */
export interface NodeStats {
  /** `host:port`. */
  readonly address: string;
  /** Items stored on it (Redis: keys of the database; memcached: `curr_items`). */
  readonly entries: number | undefined;
  /** Memory used for data, in bytes (Redis `used_memory`, memcached `bytes`). */
  readonly memoryBytes: number | undefined;
  /** Memory limit, in bytes (Redis `maxmemory`, 0 for none; memcached `limit_maxbytes`). */
  readonly maxMemoryBytes: number | undefined;
  /** Items evicted under memory pressure since the server started. */
  readonly evictions: number | undefined;
  /** Items that expired (Redis `expired_keys`; memcached `expired_unfetched`). */
  readonly expired: number | undefined;
  /** Reads that found their key, since the server started (every client, not only pc). */
  readonly hits: number | undefined;
  /** Reads that did not. */
  readonly misses: number | undefined;
  /** `hits / (hits + misses)`; `undefined` before the first read. */
  readonly hitRatio: number | undefined;
  readonly connections: number | undefined;
  readonly uptimeSeconds: number | undefined;
  readonly version: string | undefined;
}

/** What a directory of the fs adapter holds. */
export interface DirectoryStats {
  /** The adapter namespace's directory. */
  readonly directory: string;
  /** Entry files (cache entries and the cache's tag records). */
  readonly files: number;
  /** Bytes of those files. */
  readonly bytes: number;
  /** Temporary files (writes in progress, or left by crashed processes: `pc prune` removes old ones). */
  readonly temporaryFiles: number;
  /** Shard directories scanned. */
  readonly directories: number;
}

/** One `pc stats` sample. */
export interface StatsSample {
  readonly backend: 'redis' | 'redis-cluster' | 'memcached' | 'fs';
  /** Where, passwords masked. */
  readonly target: string;
  /** When the sample was taken (ISO 8601). */
  readonly at: string;
  /** Sums over `nodes` (or the directory's files for fs). */
  readonly entries: number | undefined;
  readonly memoryBytes: number | undefined;
  readonly maxMemoryBytes: number | undefined;
  readonly evictions: number | undefined;
  readonly expired: number | undefined;
  readonly hits: number | undefined;
  readonly misses: number | undefined;
  readonly hitRatio: number | undefined;
  /** Entries of this adapter namespace, counted through the adapter (`--entries`). */
  readonly namespaceEntries?: number | undefined;
  readonly nodes: readonly NodeStats[];
  readonly directory?: DirectoryStats | undefined;
}

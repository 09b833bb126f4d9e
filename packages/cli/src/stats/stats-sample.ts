/** Counters a server tells about itself, or their sums over the servers of a sample. */
export interface ServerCounters {
  /** Items stored (Redis: keys of the database; memcached: `curr_items`; fs: entry files). */
  readonly entries: number | undefined;
  /** Memory used for data, in bytes (Redis `used_memory`, memcached `bytes`; fs: bytes of the files). */
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
}

/** What one server (a Redis node, a memcached server) tells about itself. */
export interface NodeStats extends ServerCounters {
  /** `host:port`. */
  readonly address: string;
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

/** One `pc stats` sample; its counters are sums over `nodes` (or the directory's, for fs). */
export interface StatsSample extends ServerCounters {
  readonly backend: 'redis' | 'redis-cluster' | 'memcached' | 'fs';
  /** Where, passwords masked. */
  readonly target: string;
  /** When the sample was taken (ISO 8601). */
  readonly at: string;
  /** Entries of this adapter namespace, counted through the adapter (`--entries`). */
  readonly namespaceEntries?: number | undefined;
  readonly nodes: readonly NodeStats[];
  readonly directory?: DirectoryStats | undefined;
}

/** Caps of one in-process memory store (the LRU that holds the entries). */
export interface MemoryStoreOptions {
  /**
   * Most entries the store holds; the least recently used entry is evicted first.
   * The LRU preallocates bookkeeping for this many entries, so keep it realistic.
   * @default 10_000
   */
  readonly maxItems?: number;
  /**
   * Most bytes the store holds, counted as the UTF-8 bytes of each entry's
   * namespace, key and payload (JavaScript strings take up to twice that in
   * the heap). Least recently used entries are evicted to stay under it.
   * @default 67_108_864 (64 MiB)
   */
  readonly maxBytes?: number;
}

/** Defaults of `MemoryStoreOptions`. Memory is bounded unless you raise these. */
export const MEMORY_STORE_DEFAULTS = {
  maxItems: 10_000,
  maxBytes: 64 * 1024 * 1024,
} as const satisfies Required<MemoryStoreOptions>;

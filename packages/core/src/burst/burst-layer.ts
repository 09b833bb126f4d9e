import { LRUCache } from 'lru-cache';
import type { ResolvedBurstPolicy } from './burst-options.js';
import type { CachedValue } from './cached-value.js';

/** Fixed per-entry overhead counted against `maxBytes` (key, record, index). */
const ENTRY_OVERHEAD_BYTES = 64;

/** One L1 entry: the value and the tag keys it depends on (for tag drops). */
interface BurstEntry {
  readonly cached: CachedValue;
  readonly tagKeys: readonly string[];
  readonly size: number;
}

/**
 * The per-process burst layer (L1) of one root cache, on lru-cache: TTL per
 * entry, an item cap and a byte cap (LRU eviction), and a tag -> keys index of
 * its own entries so tag invalidations (local or from the bus) drop them.
 * Keys are adapter keys (namespace-qualified, so namespaces never collide).
 */
export class BurstLayer {
  readonly policy: ResolvedBurstPolicy;
  readonly #lru: LRUCache<string, BurstEntry>;
  readonly #byTag = new Map<string, Set<string>>();

  constructor(policy: ResolvedBurstPolicy) {
    this.policy = policy;
    this.#lru = new LRUCache<string, BurstEntry>({
      max: policy.maxItems,
      maxSize: policy.maxBytes,
      sizeCalculation: (entry) => entry.size,
      ttl: policy.ttlMilliseconds,
      updateAgeOnGet: false,
      allowStale: false,
      dispose: (entry, key) => this.#unindex(key, entry.tagKeys),
    });
  }

  /** The entry of `adapterKey`, or `undefined`. The hot path: one lru-cache get. */
  get(adapterKey: string): CachedValue | undefined {
    return this.#lru.get(adapterKey)?.cached;
  }

  /** Stores a value for `ttlMilliseconds` (capped by the L2 expiry when known). */
  set(
    adapterKey: string,
    cached: CachedValue,
    tagKeys: readonly string[],
    ttlMilliseconds: number,
  ): void {
    const size = ENTRY_OVERHEAD_BYTES + adapterKey.length + cached.size;
    if (size > this.policy.maxBytes || ttlMilliseconds <= 0) {
      this.#lru.delete(adapterKey);
      return;
    }
    this.#lru.set(adapterKey, { cached, tagKeys, size }, { ttl: Math.ceil(ttlMilliseconds) });
    for (const tagKey of tagKeys) {
      let keys = this.#byTag.get(tagKey);
      if (keys === undefined) {
        keys = new Set();
        this.#byTag.set(tagKey, keys);
      }
      keys.add(adapterKey);
    }
  }

  /** Drops entries by key and by tag key. */
  drop(adapterKeys: Iterable<string>, tagKeys: Iterable<string>): void {
    for (const key of adapterKeys) this.#lru.delete(key);
    for (const tagKey of tagKeys) {
      const keys = this.#byTag.get(tagKey);
      if (keys === undefined) continue;
      for (const key of [...keys]) this.#lru.delete(key);
      this.#byTag.delete(tagKey);
    }
  }

  clear(): void {
    this.#lru.clear();
    this.#byTag.clear();
  }

  get size(): number {
    return this.#lru.size;
  }

  get bytes(): number {
    return this.#lru.calculatedSize;
  }

  /** Number of tag keys indexed (for tests: the index must not leak). */
  get indexedTags(): number {
    return this.#byTag.size;
  }

  #unindex(adapterKey: string, tagKeys: readonly string[]): void {
    for (const tagKey of tagKeys) {
      const keys = this.#byTag.get(tagKey);
      if (keys === undefined) continue;
      keys.delete(adapterKey);
      if (keys.size === 0) this.#byTag.delete(tagKey);
    }
  }
}

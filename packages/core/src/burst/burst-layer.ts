import { LRUCache } from 'lru-cache';
import type { ResolvedBurstPolicy } from './burst-options.js';
import type { CachedValue } from './cached-value.js';

/** Fixed per-entry overhead counted against `maxBytes` (key, record, index). */
const ENTRY_OVERHEAD_BYTES = 64;

/** One L1 entry: the value and the tag keys it depends on (for tag drops). */
export interface BurstEntry {
  readonly cached: CachedValue;
  readonly tagKeys: readonly string[];
  readonly size: number;
  /** When its TTL ends (ms epoch); it may be kept after that for stale-if-error. */
  readonly expiresAt: number;
}

const CHAR_E = 101;
const CHAR_COLON = 58;

/**
 * The L1 key of an entry's adapter key. Root-namespace keys (`e:<key>`) that do
 * not start with `e` are used as they are, so the hot path of a root cache needs
 * no string concatenation; every other key keeps its adapter key. Injective:
 * plain keys never start with `e`, the others start with `e:` or `e/`.
 */
export function l1KeyOf(adapterKey: string): string {
  if (adapterKey.charCodeAt(1) === CHAR_COLON && adapterKey.charCodeAt(2) !== CHAR_E) {
    return adapterKey.slice(2);
  }
  return adapterKey;
}

/** The L1 key of the user key `key` of the root namespace (same as `l1KeyOf('e:' + key)`). */
export function rootL1Key(key: string): string {
  return key.charCodeAt(0) === CHAR_E ? `e:${key}` : key;
}

/**
 * The per-process burst layer (L1) of one root cache, on lru-cache: TTL per
 * entry, an item cap and a byte cap (LRU eviction), and a tag -> keys index of
 * its own entries so tag invalidations (local or from the bus) drop them.
 * Methods take adapter keys (namespace-qualified, so namespaces never collide)
 * and store them under `l1KeyOf(adapterKey)`.
 */
export class BurstLayer {
  readonly policy: ResolvedBurstPolicy;
  readonly #lru: LRUCache<string, BurstEntry>;
  readonly #byTag = new Map<string, Set<string>>();

  /**
   * @param keepStale keep entries after their TTL (until evicted by the caps or
   *   dropped by an invalidation) so `getStale` can serve them when a load fails.
   */
  constructor(policy: ResolvedBurstPolicy, keepStale = false) {
    this.policy = policy;
    this.#lru = new LRUCache<string, BurstEntry>({
      max: policy.maxItems,
      maxSize: policy.maxBytes,
      sizeCalculation: (entry) => entry.size,
      ttl: policy.ttlMilliseconds,
      updateAgeOnGet: false,
      allowStale: false,
      noDeleteOnStaleGet: keepStale,
      dispose: (entry, key) => this.#unindex(key, entry.tagKeys),
    });
  }

  /** The value of `adapterKey`, or `undefined`. */
  get(adapterKey: string): CachedValue | undefined {
    return this.#lru.get(l1KeyOf(adapterKey))?.cached;
  }

  /** The entry of `adapterKey` (value and tag keys), or `undefined`. */
  entry(adapterKey: string): BurstEntry | undefined {
    return this.#lru.get(l1KeyOf(adapterKey));
  }

  /** The value stored under an L1 key (see `l1KeyOf`): the hot path, one lru-cache get. */
  getByL1Key(l1Key: string): CachedValue | undefined {
    return this.#lru.get(l1Key)?.cached;
  }

  /**
   * The value of `adapterKey` even if its TTL ended, as long as it ended at most
   * `maxStaleMilliseconds` ago (stale-if-error). Entries dropped by an
   * invalidation are gone and never come back here.
   */
  getStale(adapterKey: string, maxStaleMilliseconds: number): CachedValue | undefined {
    const entry = this.#lru.get(l1KeyOf(adapterKey), { allowStale: true });
    if (entry === undefined || Date.now() > entry.expiresAt + maxStaleMilliseconds)
      return undefined;
    return entry.cached;
  }

  /** Stores a value for `ttlMilliseconds` (capped by the L2 expiry when known). */
  set(
    adapterKey: string,
    cached: CachedValue,
    tagKeys: readonly string[],
    ttlMilliseconds: number,
  ): void {
    const l1Key = l1KeyOf(adapterKey);
    const size = ENTRY_OVERHEAD_BYTES + adapterKey.length + cached.size;
    if (size > this.policy.maxBytes || ttlMilliseconds <= 0) {
      this.#lru.delete(l1Key);
      return;
    }
    const ttl = Math.ceil(ttlMilliseconds);
    // Every L1 reader gets this one value: frozen from now on.
    cached.share();
    this.#lru.set(l1Key, { cached, tagKeys, size, expiresAt: Date.now() + ttl }, { ttl });
    for (const tagKey of tagKeys) {
      let keys = this.#byTag.get(tagKey);
      if (keys === undefined) {
        keys = new Set();
        this.#byTag.set(tagKey, keys);
      }
      keys.add(l1Key);
    }
  }

  /** Drops entries by key and by tag key. */
  drop(adapterKeys: Iterable<string>, tagKeys: Iterable<string>): void {
    for (const key of adapterKeys) this.#lru.delete(l1KeyOf(key));
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

  #unindex(l1Key: string, tagKeys: readonly string[]): void {
    for (const tagKey of tagKeys) {
      const keys = this.#byTag.get(tagKey);
      if (keys === undefined) continue;
      keys.delete(l1Key);
      if (keys.size === 0) this.#byTag.delete(tagKey);
    }
  }
}

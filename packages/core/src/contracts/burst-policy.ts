import type { Duration } from './duration.js';

/**
 * Per-process burst layer (L1) settings. The burst layer trades a bounded
 * staleness window across processes (its TTL, unless a bus ends it sooner) for
 * skipping the shared adapter on hot keys.
 */
export interface BurstPolicy {
  /**
   * How long an entry stays in L1, in milliseconds or as a duration string
   * (`'500ms'`, `'2s'`). Keep it short (e.g. 250-3000).
   * @default the enclosing policy's (the cache's: 1000)
   */
  readonly ttlMilliseconds?: Duration;
  /**
   * Most entries L1 holds; least recently used go first. Only the cache-level
   * policy sets it (L1 is one LRU per root cache).
   * @default 10_000
   */
  readonly maxItems?: number;
  /**
   * Most bytes L1 holds, measured on serialized values. Cache level only.
   * @default 67_108_864 (64 MiB)
   */
  readonly maxBytes?: number;
}

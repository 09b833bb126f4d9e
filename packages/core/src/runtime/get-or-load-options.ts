import type { BurstPolicy } from '../contracts/burst-policy.js';
import type { Duration } from '../contracts/duration.js';
import type { ResilienceOptions } from '../contracts/resilience-options.js';

/**
 * Options of `Cache.getOrLoad` and `Cache.getManyOrLoad`. The resilience options
 * (grace, timeouts, early refresh) override the namespace's for this call.
 */
export interface GetOrLoadOptions<T> extends ResilienceOptions {
  /**
   * L2 time to live of loaded values, in milliseconds or as a duration string
   * (`'10m'`). Zero or negative: loaded
   * values are returned but not stored. `Number.POSITIVE_INFINITY`: never expires.
   * @default the cache's `defaultTtlMilliseconds` (none: never expires)
   */
  readonly ttlMilliseconds?: Duration | undefined;
  /**
   * Tags of the value: an array (known before loading, so their versions are read
   * in the same round trip as the entry), or a function computing them from the
   * loaded value (and its key, for batches). Either way a tag invalidated while
   * the value loads, in any process, keeps the value out of the cache.
   * @default []
   */
  readonly tags?: readonly string[] | ((value: T, key: string) => readonly string[]) | undefined;
  /**
   * L1 policy of this call: `{ ttlMilliseconds }` shortens or lengthens the L1
   * TTL (the item and byte caps stay the cache's: `maxItems` / `maxBytes` are
   * accepted and ignored here), `false` keeps this value out of L1 (and skips the
   * L1 lookup).
   * @default the namespace's policy (by default the cache's `burst` option)
   */
  readonly burst?: BurstPolicy | false | undefined;
}

import type { Duration } from './duration.js';

/**
 * When the loader is slow or failing, what a read-through call may serve instead,
 * and when an entry is refreshed before it expires. Accepted by `createCache` (the
 * defaults), `Cache.namespace`, store definitions and each `getOrLoad` /
 * `getManyOrLoad` call; each level overrides the one above it, field by field.
 *
 * A value that an invalidation ended (key, tag, namespace clear, bus message,
 * transaction commit) is never served from grace: the grace value lives in the
 * entry's own L2 slot, which a key invalidation deletes and a tag invalidation
 * makes unreadable, and it is read from L2 again at the moment it is served.
 */
export interface ResilienceOptions {
  /**
   * Grace window in milliseconds: a loaded value is kept in L2 this long past its
   * TTL. While in grace it is stale (the loader is called as on a miss), but when
   * the loader throws, or takes longer than `softTimeoutMilliseconds`, the stale
   * value is served instead (event `grace`). Needs a TTL; `0` or `false`: off.
   * @default 0
   */
  readonly graceMilliseconds?: Duration | false | undefined;
  /**
   * After a load of a key in grace failed, this process serves the grace value of
   * that key without calling the loader again for this many milliseconds.
   * @default 10_000
   */
  readonly graceBackoffMilliseconds?: Duration | undefined;
  /**
   * Soft timeout in milliseconds: when a grace value exists and the load takes
   * longer than this, the call answers with the grace value; the load goes on in
   * the background and fills the cache when it succeeds. `0` with a grace window
   * is stale-while-revalidate: a stale value is served at once and refreshed.
   * Without a grace value the call waits for the load (up to the hard timeout).
   * @default no soft timeout
   */
  readonly softTimeoutMilliseconds?: Duration | undefined;
  /**
   * Hard timeout in milliseconds: the call rejects with `TimeoutError` after this
   * long, grace value or not. The load goes on and may fill the cache.
   * @default no hard timeout
   */
  readonly hardTimeoutMilliseconds?: Duration | undefined;
  /**
   * Refreshes an entry in the background while it is still fresh, so that hot
   * keys never expire under their readers: one refresh per key across processes
   * (it takes the key's lease, which carries the current value meanwhile).
   * `false`: off.
   * @default false
   */
  readonly earlyRefresh?: EarlyRefreshOptions | false | undefined;
}

/** When a fresh entry is refreshed early (either condition triggers a refresh). */
export interface EarlyRefreshOptions {
  /**
   * Refresh once this fraction of the TTL is left: `0.2` refreshes a 10-minute
   * entry when a read finds it in its last 2 minutes. Between 0 and 1.
   */
  readonly threshold?: number | undefined;
  /**
   * Probabilistic early expiration (XFetch, Vattani et al. 2015): a read refreshes
   * when `now - loadTime * beta * ln(random()) >= expiry`, so keys whose loads are
   * slow refresh earlier and readers spread their refreshes. `1` is the paper's
   * default; larger refreshes earlier. Positive.
   */
  readonly beta?: number | undefined;
}

import type { DerivedCacheDefinition, DerivedCacheInputs } from './derived-cache-definition.js';

/**
 * A derived cache definition bound to a cache (`bindDerivedCache(cache, definition)`):
 * what application code and proxies call.
 */
export interface BoundDerivedCache<Args, Value, Inputs extends DerivedCacheInputs> {
  /** The definition this cache was bound from. */
  readonly definition: DerivedCacheDefinition<Args, Value, Inputs>;
  /** The cache's name (`definition.name`). */
  readonly name: string;
  /**
   * Reads one value: burst layer, then the shared adapter, then `compute` on a miss
   * (one computation per key at a time, whoever asks). What the computation read is
   * recorded with the value: invalidating any of it makes the value a miss.
   * @returns the value, or `undefined` when `compute` found none.
   */
  get(args: Args): Promise<Value | undefined>;
  /**
   * Reads many values with one shared-adapter round trip; the misses are computed
   * concurrently, one `compute` call each, and stored with one batched write.
   * @returns one slot per argument, in input order; `undefined` where there is none.
   */
  getMany(argsList: readonly Args[]): Promise<Array<Value | undefined>>;
  /**
   * Drops the values of `argsList` (and, when a higher-layer cache uses this one,
   * what was computed from them) through one `Cache.invalidate` call. Inputs are
   * followed on their own; this is for tests and tools.
   */
  invalidate(argsList: readonly Args[]): Promise<void>;
  /** The cache key of `args`: `<name>:<key(args)>`. */
  keyOf(args: Args): string;
}

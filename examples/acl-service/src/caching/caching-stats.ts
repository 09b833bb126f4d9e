/** Cache counters the service reports at `/stats`, per layer. */
export interface CachingStats {
  /** Burst layer (L1, per process): lookups answered, and lookups passed on to L2. */
  readonly l1: { readonly hits: number; readonly misses: number };
  /** Shared layer (L2): lookups answered, and lookups passed on to the database. */
  readonly l2: { readonly hits: number; readonly misses: number };
  /** Loader calls (batched database reads) made on L2 misses. */
  readonly loads: number;
  /** Invalidations executed (one per repository write that changed something). */
  readonly invalidations: number;
}

/** `after - before`, counter by counter. */
export function diffCachingStats(after: CachingStats, before: CachingStats): CachingStats {
  return {
    l1: { hits: after.l1.hits - before.l1.hits, misses: after.l1.misses - before.l1.misses },
    l2: { hits: after.l2.hits - before.l2.hits, misses: after.l2.misses - before.l2.misses },
    loads: after.loads - before.loads,
    invalidations: after.invalidations - before.invalidations,
  };
}

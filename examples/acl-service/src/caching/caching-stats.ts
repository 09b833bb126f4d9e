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
  return combine(after, before, (a, b) => a - b);
}

/** `a + b`, counter by counter (several instances). */
export function sumCachingStats(a: CachingStats, b: CachingStats): CachingStats {
  return combine(a, b, (x, y) => x + y);
}

function combine(
  a: CachingStats,
  b: CachingStats,
  operation: (x: number, y: number) => number,
): CachingStats {
  return {
    l1: { hits: operation(a.l1.hits, b.l1.hits), misses: operation(a.l1.misses, b.l1.misses) },
    l2: { hits: operation(a.l2.hits, b.l2.hits), misses: operation(a.l2.misses, b.l2.misses) },
    loads: operation(a.loads, b.loads),
    invalidations: operation(a.invalidations, b.invalidations),
  };
}

import type { LatencySummary } from './latency-histogram.js';

/** Counters of one namespace (or of the whole cache). */
export interface NamespaceStats {
  /** Burst layer (L1): reads served and reads that fell through. */
  readonly l1: { readonly hits: number; readonly misses: number };
  /**
   * Shared adapter (L2) reads by `getOrLoad` / `getManyOrLoad`: keys served,
   * keys missing, failed reads (which fell through to the loader) and the
   * latency of each round trip.
   */
  readonly l2: {
    readonly hits: number;
    readonly misses: number;
    readonly errors: number;
    readonly latency: LatencySummary;
  };
  /** Loader calls: calls, keys asked for, failed calls, latency per call. */
  readonly loads: {
    readonly calls: number;
    readonly keys: number;
    readonly errors: number;
    readonly latency: LatencySummary;
  };
  /** Keys served from L1 past their TTL because their load failed (stale-if-error). */
  readonly staleHits: number;
  /**
   * Keys served from L2 grace (past their TTL, never after an invalidation)
   * because their load failed, timed out (soft timeout) or was backing off.
   */
  readonly graceHits: number;
  /** Early refreshes this process started (it won the key's lease). */
  readonly earlyRefreshes: number;
  /** Callers that joined a load already in flight instead of starting one. */
  readonly joins: number;
  /** Invalidations applied (calls of `invalidate`, `invalidateTags`, `clear`, deferred ones at commit). */
  readonly invalidations: number;
}

/** What `cache.stats()` returns. */
export interface CacheStatsSnapshot {
  /** When the snapshot was taken (ms epoch). */
  readonly takenAt: number;
  /** Everything, over all namespaces. */
  readonly total: NamespaceStats;
  /** Per namespace path joined with `/` (`''` is the root cache). */
  readonly namespaces: Readonly<Record<string, NamespaceStats>>;
  /** Burst layer occupancy; `undefined` when the burst layer is off. */
  readonly burst:
    | {
        readonly items: number;
        readonly bytes: number;
        readonly maxItems: number;
        readonly maxBytes: number;
      }
    | undefined;
}

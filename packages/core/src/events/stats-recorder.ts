import type { NamespaceStats } from './cache-stats.js';
import { LatencyHistogram } from './latency-histogram.js';

/** Mutable counters of one namespace; the cache increments fields directly. */
export class NamespaceCounters {
  l1Hits = 0;
  l1Misses = 0;
  l2Hits = 0;
  l2Misses = 0;
  l2Errors = 0;
  loadCalls = 0;
  loadKeys = 0;
  loadErrors = 0;
  joins = 0;
  staleHits = 0;
  graceHits = 0;
  earlyRefreshes = 0;
  invalidations = 0;
  readonly l2Latency = new LatencyHistogram();
  readonly loadLatency = new LatencyHistogram();

  snapshot(): NamespaceStats {
    return {
      l1: { hits: this.l1Hits, misses: this.l1Misses },
      l2: {
        hits: this.l2Hits,
        misses: this.l2Misses,
        errors: this.l2Errors,
        latency: this.l2Latency.summary(),
      },
      loads: {
        calls: this.loadCalls,
        keys: this.loadKeys,
        errors: this.loadErrors,
        latency: this.loadLatency.summary(),
      },
      joins: this.joins,
      staleHits: this.staleHits,
      graceHits: this.graceHits,
      earlyRefreshes: this.earlyRefreshes,
      invalidations: this.invalidations,
    };
  }
}

/** Counters per namespace of one root cache. */
export class StatsRecorder {
  readonly #byNamespace = new Map<string, NamespaceCounters>();
  /** Latency over all namespaces (per-namespace histograms cannot be summed into percentiles). */
  readonly totalL2Latency = new LatencyHistogram();
  readonly totalLoadLatency = new LatencyHistogram();

  /** The counters of `namespace` (created on first use). */
  forNamespace(namespace: string): NamespaceCounters {
    let counters = this.#byNamespace.get(namespace);
    if (counters === undefined) {
      counters = new NamespaceCounters();
      this.#byNamespace.set(namespace, counters);
    }
    return counters;
  }

  recordL2(counters: NamespaceCounters, milliseconds: number): void {
    counters.l2Latency.record(milliseconds);
    this.totalL2Latency.record(milliseconds);
  }

  recordLoad(counters: NamespaceCounters, milliseconds: number): void {
    counters.loadLatency.record(milliseconds);
    this.totalLoadLatency.record(milliseconds);
  }

  snapshot(): { total: NamespaceStats; namespaces: Record<string, NamespaceStats> } {
    const namespaces: Record<string, NamespaceStats> = {};
    const sum = new NamespaceCounters();
    for (const [name, counters] of this.#byNamespace) {
      namespaces[name] = counters.snapshot();
      sum.l1Hits += counters.l1Hits;
      sum.l1Misses += counters.l1Misses;
      sum.l2Hits += counters.l2Hits;
      sum.l2Misses += counters.l2Misses;
      sum.l2Errors += counters.l2Errors;
      sum.loadCalls += counters.loadCalls;
      sum.loadKeys += counters.loadKeys;
      sum.loadErrors += counters.loadErrors;
      sum.joins += counters.joins;
      sum.staleHits += counters.staleHits;
      sum.graceHits += counters.graceHits;
      sum.earlyRefreshes += counters.earlyRefreshes;
      sum.invalidations += counters.invalidations;
    }
    const total = sum.snapshot();
    return {
      total: {
        ...total,
        l2: { ...total.l2, latency: this.totalL2Latency.summary() },
        loads: { ...total.loads, latency: this.totalLoadLatency.summary() },
      },
      namespaces,
    };
  }
}

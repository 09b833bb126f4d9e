import type { BenchContext } from './bench-context.js';

/**
 * Who a variant stands for: `pc` is ours, `baseline` is the raw client a user would
 * otherwise call by hand (one per workload, the denominator of every ratio), `peer`
 * is another caching library doing the same job.
 */
export type VariantKind = 'pc' | 'baseline' | 'peer';

/** One prepared variant, ready to be timed. */
export interface VariantRunner {
  /**
   * One timed iteration. It performs `operationsPerIteration` operations; the harness
   * divides the iteration time by that number, so ops/s, p50 and p99 are per operation.
   */
  run(): Promise<void> | void;
  /**
   * Operations one `run()` performs. Fast in-memory variants batch many operations
   * per iteration so the timer's own cost (~50 ns) does not dominate.
   * @default 1
   */
  operationsPerIteration?: number;
  /** Untimed work before every iteration (e.g. refill 10,000 entries before an invalidation). */
  beforeEach?(): Promise<void> | void;
  /**
   * Extra facts measured by the variant, e.g. `{ loaderCallsPerBurst: 1 }`, read once
   * after the timed phase.
   */
  counters?(): Record<string, number>;
  /** Closes clients and drops data. Always called, also after a failed run. */
  teardown(): Promise<void> | void;
}

/** One library (or raw client) doing a workload. */
export interface Variant {
  /** Shown in tables and charts, e.g. `raw ioredis GET + JSON.parse`. */
  name: string;
  kind: VariantKind;
  /** A caveat shown next to the figures, e.g. that reads return a shared instance. */
  note?: string;
  /**
   * Connects clients and writes the data the workload reads. Throws
   * {@link VariantUnavailableError} when the feature is not in the tree yet (a pc piece
   * still being built): the variant is then reported as pending, not as a failure.
   */
  setup(context: BenchContext): Promise<VariantRunner>;
}

/** One workload: the same job done by pc, the raw baseline and every peer that can. */
export interface Workload {
  /** Stable id, used by `--filter` and in `latest.json`, e.g. `l2-hit-redis`. */
  id: string;
  /** Short title for tables. */
  title: string;
  /** What one operation is, in one or two sentences (goes into BENCHMARKS.md). */
  description: string;
  /**
   * Caps the timed iterations for heavy workloads whose iterations take tens of
   * milliseconds (quick mode, full mode). Unset: time-based like every other workload.
   */
  maxIterations?: { quick: number; full: number };
  /** Overrides the mode's rounds for workloads whose setup is expensive (quick mode, full mode). */
  rounds?: { quick: number; full: number };
  /** Exactly one `baseline` variant, any number of `pc` and `peer` variants. */
  variants: readonly Variant[];
  /** Peers left out because they lack the feature, with the reason (listed in BENCHMARKS.md). */
  notApplicable?: readonly { name: string; reason: string }[];
}

/** Thrown by `Variant.setup` when what it measures does not exist in the tree yet. */
export class VariantUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'VariantUnavailableError';
  }
}

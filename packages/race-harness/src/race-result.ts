import type { StaleReadReport, StaleSource } from './ipc-messages.js';
import type { RaceConfigurationName } from './race-configurations.js';

/** A stale read as the parent recorded it. */
export interface StaleRead extends StaleReadReport {
  readonly workerId: string;
  /**
   * How long after the first reported invalidation that made this version stale
   * the read began, in ms.
   */
  readonly stalenessMilliseconds: number;
}

/** Percentiles of staleness windows, in ms; `undefined` when there were none. */
export interface StalenessSummary {
  readonly count: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  readonly max: number | undefined;
}

/** What one configuration run found. */
export interface RaceConfigurationResult {
  readonly name: RaceConfigurationName;
  readonly description: string;
  readonly seed: number;
  /** Digest of the first operations of every loop: equal seeds, equal fingerprints. */
  readonly scheduleFingerprint: string;
  /** Wall time the workers ran, in ms. */
  readonly durationMilliseconds: number;
  readonly workers: number;
  readonly readCalls: number;
  /** Values checked against their floor. */
  readonly reads: number;
  /** Writes whose invalidation resolved (and was reported). */
  readonly writes: number;
  /** Writes whose invalidation rejected (the database write happened; never reported). */
  readonly failedWrites: number;
  readonly loads: number;
  readonly readErrors: number;
  /** Reads that returned nothing, or another id's value. */
  readonly missingValues: number;
  readonly stale: Readonly<Record<StaleSource, number>>;
  /** Staleness of the stale L1 reads. */
  readonly l1Staleness: StalenessSummary;
  /** `backend-error` events of the workers' caches. */
  readonly backendErrors: number;
  readonly busErrors: number;
  readonly busGaps: number;
  readonly l1Hits: number;
  readonly l2Hits: number;
  /** Callers that joined a load in flight. */
  readonly joins: number;
  /**
   * Values served from grace: keys of `grace` events by reason (a failed early
   * refresh reports its key with reason `error` too, served to nobody); `reads`,
   * the values checked that their read got from grace (a read that joined a
   * served flight of another call is not among them); `errorReads`, those of them
   * served for a failed load.
   */
  readonly grace: GraceCounts;
  /** Early refreshes started (`early-refresh` events). */
  readonly earlyRefreshes: number;
  /** Loads that threw on purpose (`failingLoaderProbability`). */
  readonly failedLoads: number;
  /** L1 hits reported outside the synchronous part of their call (the classifier expects 0). */
  readonly asynchronousL1Hits: number;
  /** Every worker saw its probe's L1 hit synchronously; `undefined` without L1. */
  readonly l1MarkerVerified: boolean | undefined;
  /** Keys the backend evicted during the run. */
  readonly evictedKeys: number;
  /** Restarts the parent performed. */
  readonly restarts: number;
  readonly fillerWrites: number;
  readonly databaseStatements: number;
  /**
   * Event-loop utilization of the parent (database and IPC) during the run, 0 to 1:
   * near 1, the parent is the bottleneck.
   */
  readonly parentUtilization: number;
  /** A self-check run (writers reported early on purpose): stale reads are expected. */
  readonly selfCheck: boolean;
  /** The first stale reads, for diagnosis. */
  readonly staleSamples: readonly StaleRead[];
  readonly errorSamples: readonly string[];
  /** Why this configuration fails the harness' verdict; empty when it passes. */
  readonly violations: readonly string[];
}

/** See {@link RaceConfigurationResult.grace}. */
export interface GraceCounts {
  readonly error: number;
  readonly softTimeout: number;
  readonly backoff: number;
  readonly reads: number;
  readonly errorReads: number;
}

/** The result of a harness run over one or more configurations. */
export interface RaceHarnessResult {
  readonly seed: number;
  readonly results: readonly RaceConfigurationResult[];
  /** `true` when no configuration has a violation. */
  readonly passed: boolean;
}

/** p50 / p99 / max of `values` (nearest rank). */
export function summarizeStaleness(values: readonly number[]): StalenessSummary {
  if (values.length === 0) return { count: 0, p50: undefined, p99: undefined, max: undefined };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))]!;
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted.at(-1)! };
}

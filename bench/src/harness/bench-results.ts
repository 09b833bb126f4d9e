import type { VariantKind } from './workload.js';

/** What one variant measured (or why it did not). */
export interface VariantResult {
  name: string;
  kind: VariantKind;
  /** `pending`: the feature is not in the tree yet; `error`: setup or a run threw. */
  status: 'ok' | 'pending' | 'error';
  /** Why the variant is pending or errored. */
  reason?: string;
  /** The variant's caveat, if it has one. */
  note?: string;
  /** Operations per second, `1000 / mean latency in ms`. */
  opsPerSecond?: number;
  /** Median latency of one operation, in microseconds. */
  p50Microseconds?: number;
  /** 99th percentile latency of one operation, in microseconds. */
  p99Microseconds?: number;
  /** Mean latency of one operation, in microseconds. */
  meanMicroseconds?: number;
  /** Relative margin of error of the mean, in percent. */
  relativeMarginOfErrorPercent?: number;
  /** Timed iterations (samples). */
  samples?: number;
  /** Operations per timed iteration (per-op stats are batch means when > 1). */
  operationsPerIteration?: number;
  /** ops/s of every round; the figures above are from the fastest. */
  roundsOpsPerSecond?: number[];
  /** Extra facts the variant measured (the largest value over the rounds), e.g. `loaderCallsPerBurst`. */
  counters?: Record<string, number>;
  /** `opsPerSecond / baseline opsPerSecond`. */
  ratioToBaseline?: number;
  /** pc only: `opsPerSecond / best peer opsPerSecond`. */
  ratioToBestPeer?: number;
}

/** One workload's variants side by side. */
export interface WorkloadResult {
  id: string;
  title: string;
  description: string;
  /** Name of the baseline variant. */
  baseline: string;
  /** Name of the fastest peer that ran, if any. */
  bestPeer?: string;
  variants: VariantResult[];
  /** Peers left out because they lack the feature. */
  notApplicable: { name: string; reason: string }[];
}

/** Everything one `bench` run produced; this is `bench/results/latest.json`. */
export interface BenchReport {
  /** ISO date-time the run started. */
  startedAt: string;
  /** How long the run took, in seconds. */
  durationSeconds: number;
  mode: string;
  /** The command that reproduces the run. */
  command: string;
  /** The git commit of the pc code measured (and whether packages/ was dirty). */
  revision: string;
  machine: MachineInfo;
  /** Versions of the libraries measured, from their package.json. */
  libraries: Record<string, string>;
  /** Size of the cached value, in bytes of JSON. */
  valueBytes: number;
  workloads: WorkloadResult[];
}

/** The machine a report was measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGibibytes: number;
  platform: string;
  nodeVersion: string;
  /** 1-minute load average when the run started (other work on a shared machine). */
  loadAverageAtStart: number;
}

/** Fills `ratioToBaseline` on every variant that ran, `bestPeer`, and `ratioToBestPeer` on pc variants. */
export function computeRatios(workload: WorkloadResult): WorkloadResult {
  const ran = workload.variants.filter((variant) => variant.status === 'ok');
  const baseline = ran.find((variant) => variant.kind === 'baseline');
  const peers = ran.filter((variant) => variant.kind === 'peer');
  const bestPeer = peers.reduce<VariantResult | undefined>(
    (best, peer) => (best === undefined || peer.opsPerSecond! > best.opsPerSecond! ? peer : best),
    undefined,
  );
  const variants = workload.variants.map((variant) => {
    if (variant.status !== 'ok') return variant;
    const result: VariantResult = { ...variant };
    if (baseline !== undefined)
      result.ratioToBaseline = variant.opsPerSecond! / baseline.opsPerSecond!;
    if (variant.kind === 'pc' && bestPeer !== undefined) {
      result.ratioToBestPeer = variant.opsPerSecond! / bestPeer.opsPerSecond!;
    }
    return result;
  });
  return {
    ...workload,
    ...(bestPeer === undefined ? {} : { bestPeer: bestPeer.name }),
    variants,
  };
}

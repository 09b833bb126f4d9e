import { Bench } from 'tinybench';
import type { OwnedBenchContext } from './bench-context.js';
import { computeRatios, type VariantResult, type WorkloadResult } from './bench-results.js';
import {
  type Variant,
  type VariantRunner,
  VariantUnavailableError,
  type Workload,
} from './workload.js';

/** Options of {@link runWorkload}. */
export interface RunWorkloadOptions {
  /** Only variants whose name contains one of these (case-insensitive). @default all */
  variantFilter?: readonly string[];
  /** Called after each variant, for progress output. */
  onVariant?: (result: VariantResult) => void;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function measure(
  context: OwnedBenchContext,
  workload: Workload,
  runner: VariantRunner,
): Promise<Omit<VariantResult, 'name' | 'kind'>> {
  const { mode } = context;
  const operations = runner.operationsPerIteration ?? 1;
  const capped = workload.maxIterations?.[mode.name === 'full' ? 'full' : 'quick'];
  const bench = new Bench({
    // Heavy workloads run a fixed number of iterations; the rest run for a time budget.
    time: capped === undefined ? mode.timeMilliseconds : 0,
    iterations: mode.name === 'smoke' ? 1 : (capped ?? mode.minIterations),
    warmup: mode.warmupIterations > 0,
    warmupTime: capped === undefined ? mode.warmupMilliseconds : 0,
    warmupIterations:
      capped === undefined ? mode.warmupIterations : Math.min(1, mode.warmupIterations),
    throws: true,
  });
  const beforeEach = runner.beforeEach?.bind(runner);
  bench.add(
    workload.id,
    async () => {
      // Timed here rather than by tinybench so a batch of operations reports per-op
      // figures, and untimed bookkeeping in the task wrapper stays out of the samples.
      const start = performance.now();
      await runner.run();
      const duration = performance.now() - start;
      return { overriddenDuration: duration / operations, overriddenIterationCost: duration };
    },
    beforeEach === undefined ? {} : { beforeEach: async () => beforeEach() },
  );
  const [task] = await bench.run();
  const result = task!.result;
  if (result.state === 'errored') throw result.error;
  if (result.state !== 'completed') throw new Error(`tinybench task ended as "${result.state}"`);
  const { latency } = result;
  return {
    status: 'ok',
    opsPerSecond: 1_000 / latency.mean,
    meanMicroseconds: latency.mean * 1_000,
    p50Microseconds: latency.p50 * 1_000,
    p99Microseconds: latency.p99 * 1_000,
    relativeMarginOfErrorPercent: latency.rme,
    samples: latency.samplesCount,
    operationsPerIteration: operations,
  };
}

async function runVariant(
  context: OwnedBenchContext,
  workload: Workload,
  variant: Variant,
): Promise<VariantResult> {
  const identity = {
    name: variant.name,
    kind: variant.kind,
    ...(variant.note === undefined ? {} : { note: variant.note }),
  };
  await context.reset();
  let runner: VariantRunner;
  try {
    runner = await variant.setup(context);
  } catch (error) {
    if (error instanceof VariantUnavailableError) {
      return { ...identity, status: 'pending', reason: error.message };
    }
    return { ...identity, status: 'error', reason: `setup: ${errorMessage(error)}` };
  }
  try {
    const measured = await measure(context, workload, runner);
    const counters = runner.counters?.();
    return { ...identity, ...measured, ...(counters === undefined ? {} : { counters }) };
  } catch (error) {
    return { ...identity, status: 'error', reason: errorMessage(error) };
  } finally {
    await runner.teardown();
  }
}

function mergeCounters(rounds: readonly VariantResult[]): Record<string, number> | undefined {
  const merged: Record<string, number> = {};
  for (const round of rounds) {
    for (const [name, value] of Object.entries(round.counters ?? {})) {
      // The worst round counts: one extra loader call in any round must show.
      merged[name] = Math.max(merged[name] ?? Number.NEGATIVE_INFINITY, value);
    }
  }
  return Object.keys(merged).length === 0 ? undefined : merged;
}

/**
 * Folds the rounds of one variant: an error or pending in any round wins; otherwise
 * the fastest round is reported (best of N damps other work on a shared machine and
 * the JIT warming shared client code in whichever variant runs first).
 */
function bestRound(rounds: readonly VariantResult[]): VariantResult {
  const failed = rounds.find((round) => round.status !== 'ok');
  if (failed !== undefined) return failed;
  const best = rounds.reduce((fastest, round) =>
    round.opsPerSecond! > fastest.opsPerSecond! ? round : fastest,
  );
  const counters = mergeCounters(rounds);
  return {
    ...best,
    ...(counters === undefined ? {} : { counters }),
    roundsOpsPerSecond: rounds.map((round) => round.opsPerSecond!),
  };
}

/**
 * Runs the workload's variants one after the other, each on emptied servers, for
 * `mode.rounds` rounds (variants interleaved), and reports each variant's best round.
 */
export async function runWorkload(
  context: OwnedBenchContext,
  workload: Workload,
  options: RunWorkloadOptions = {},
): Promise<WorkloadResult> {
  const filter = options.variantFilter?.map((part) => part.toLowerCase());
  const baseline = workload.variants.find((variant) => variant.kind === 'baseline');
  const selected = workload.variants.filter(
    (variant) =>
      filter === undefined || filter.some((part) => variant.name.toLowerCase().includes(part)),
  );
  const rounds = selected.map((): VariantResult[] => []);
  const { mode } = context;
  const roundCount = mode.name === 'smoke' ? 1 : (workload.rounds?.[mode.name] ?? mode.rounds);
  for (let round = 0; round < roundCount; round += 1) {
    for (const [index, variant] of selected.entries()) {
      const previous = rounds[index]!.at(-1);
      // A variant that is pending or failed stays so; do not pay its setup again.
      if (previous !== undefined && previous.status !== 'ok') continue;
      rounds[index]!.push(await runVariant(context, workload, variant));
    }
  }
  const variants = rounds.map(bestRound);
  for (const variant of variants) options.onVariant?.(variant);
  return computeRatios({
    id: workload.id,
    title: workload.title,
    description: workload.description,
    baseline: baseline?.name ?? '(none)',
    variants,
    notApplicable: [...(workload.notApplicable ?? [])],
  });
}

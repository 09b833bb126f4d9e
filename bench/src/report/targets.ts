import type { VariantResult, WorkloadResult } from '../harness/bench-results.js';

/** Whether a target of issue 9 is met in a report. */
export interface TargetStatus {
  target: string;
  /** `pending`: pc's variant did not run (the piece has not landed, or the workload was filtered out). */
  status: 'met' | 'missed' | 'pending';
  /** The measured figure, e.g. `0.93x raw ioredis GET + JSON.parse`. */
  measured: string;
}

/** Three significant digits, or four when three would round a miss up to the target (0.1997 -> 0.1997, not 0.200). */
function formatTargetRatio(ratio: number, minimum: number): string {
  if (ratio >= 10) return ratio.toFixed(0);
  const short = ratio.toPrecision(3);
  return ratio < minimum && Number(short) >= minimum ? ratio.toPrecision(4) : short;
}

function pcVariant(workload: WorkloadResult | undefined): VariantResult | undefined {
  const ran =
    workload?.variants.filter((variant) => variant.kind === 'pc' && variant.status === 'ok') ?? [];
  return ran.reduce<VariantResult | undefined>(
    (best, variant) =>
      best === undefined || variant.opsPerSecond! > best.opsPerSecond! ? variant : best,
    undefined,
  );
}

function ratioTarget(
  workloads: readonly WorkloadResult[],
  id: string,
  target: string,
  minimum: number,
  against: (workload: WorkloadResult) => VariantResult | undefined,
): TargetStatus {
  const workload = workloads.find((candidate) => candidate.id === id);
  const pc = pcVariant(workload);
  const other = workload === undefined ? undefined : against(workload);
  if (pc === undefined || other === undefined || other.status !== 'ok') {
    return { target, status: 'pending', measured: 'not measured yet' };
  }
  const ratio = pc.opsPerSecond! / other.opsPerSecond!;
  return {
    target,
    status: ratio >= minimum ? 'met' : 'missed',
    measured: `${formatTargetRatio(ratio, minimum)}x ${other.name} (${pc.name})`,
  };
}

const baselineOf = (workload: WorkloadResult) =>
  workload.variants.find((variant) => variant.kind === 'baseline');
const peerNamed = (prefix: string) => (workload: WorkloadResult) =>
  workload.variants.find((variant) => variant.kind === 'peer' && variant.name.startsWith(prefix));

/** Evaluates the targets issue 9 sets ("Done when") against a run's results. */
export function evaluateTargets(workloads: readonly WorkloadResult[]): TargetStatus[] {
  const statuses = [
    ratioTarget(workloads, 'l1-hit', 'L1 hit >= 0.2x raw lru-cache get', 0.2, baselineOf),
    ratioTarget(workloads, 'l1-hit', "L1 hit >= 10x bentocache's", 10, peerNamed('bentocache')),
    ratioTarget(
      workloads,
      'l2-hit-redis',
      'L2 Redis hit >= 0.9x raw ioredis GET + parse',
      0.9,
      baselineOf,
    ),
    ratioTarget(
      workloads,
      'get-many-redis',
      'getMany(100) >= 0.9x raw MGET + parse',
      0.9,
      baselineOf,
    ),
  ];
  const concurrent = workloads.find((workload) => workload.id === 'concurrent-miss');
  const pc = pcVariant(concurrent);
  const calls = pc?.counters?.loaderCallsPerBurst;
  statuses.push({
    target: 'one loader call for 1,000 concurrent misses',
    status: calls === undefined ? 'pending' : calls === 1 ? 'met' : 'missed',
    measured: calls === undefined ? 'not measured yet' : `${calls} loader call(s) per burst`,
  });
  for (const workload of workloads) {
    const peers = workload.variants.filter((variant) => variant.kind === 'peer');
    if (peers.length === 0) continue;
    const best = pcVariant(workload);
    const target = `ahead of every peer: ${workload.title}`;
    if (best === undefined || workload.bestPeer === undefined) {
      statuses.push({ target, status: 'pending', measured: 'not measured yet' });
      continue;
    }
    statuses.push({
      target,
      status: best.ratioToBestPeer! >= 1 ? 'met' : 'missed',
      measured: `${best.ratioToBestPeer!.toPrecision(3)}x ${workload.bestPeer} (${best.name})`,
    });
  }
  return statuses;
}

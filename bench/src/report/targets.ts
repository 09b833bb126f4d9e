import type { VariantResult, WorkloadResult } from '../harness/bench-results.js';
import { PC_L1_HIT_PLAIN } from '../workloads/l1-hit-pc-variants.js';

/** The collectors the l1-hit workload measures attached (issue 16). */
const L1_HIT_COLLECTORS = ['@pc/opentelemetry', '@pc/prometheus'];

/** Whether a target (of issue 9 or issue 12) is met in a report. */
export interface TargetStatus {
  target: string;
  /** The issue that sets the target. */
  issue: number;
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

/** Picks the pc variant a target is about, among the variants of its workload that ran. */
type PcPick = (ran: readonly VariantResult[]) => VariantResult | undefined;

/** The fastest pc variant that ran. */
const fastestPc: PcPick = (ran) =>
  ran.reduce<VariantResult | undefined>(
    (best, variant) =>
      best === undefined || variant.opsPerSecond! > best.opsPerSecond! ? variant : best,
    undefined,
  );

/** The pc variant whose name starts with `prefix` (one call path of several in a workload). */
const pcNamed =
  (prefix: string): PcPick =>
  (ran) =>
    ran.find((variant) => variant.name.startsWith(prefix));

function pcVariant(
  workload: WorkloadResult | undefined,
  pick: PcPick = fastestPc,
): VariantResult | undefined {
  const ran =
    workload?.variants.filter((variant) => variant.kind === 'pc' && variant.status === 'ok') ?? [];
  return pick(ran);
}

interface RatioTarget {
  issue: number;
  /** Workload id. */
  id: string;
  target: string;
  minimum: number;
  against: (workload: WorkloadResult) => VariantResult | undefined;
  /** @default the fastest pc variant of the workload */
  pc?: PcPick;
}

function ratioTarget(workloads: readonly WorkloadResult[], spec: RatioTarget): TargetStatus {
  const { issue, target, minimum } = spec;
  const workload = workloads.find((candidate) => candidate.id === spec.id);
  const pc = pcVariant(workload, spec.pc);
  const other = workload === undefined ? undefined : spec.against(workload);
  if (pc === undefined || other === undefined || other.status !== 'ok') {
    return { target, issue, status: 'pending', measured: 'not measured yet' };
  }
  const ratio = pc.opsPerSecond! / other.opsPerSecond!;
  return {
    target,
    issue,
    status: ratio >= minimum ? 'met' : 'missed',
    measured: `${formatTargetRatio(ratio, minimum)}x ${other.name} (${pc.name})`,
  };
}

/** A target of exactly one loader call per burst, read from pc's `loaderCallsPerBurst` counter. */
function singleLoadTarget(
  workloads: readonly WorkloadResult[],
  issue: number,
  id: string,
  target: string,
): TargetStatus {
  const pc = pcVariant(workloads.find((workload) => workload.id === id));
  const calls = pc?.counters?.loaderCallsPerBurst;
  if (calls === undefined)
    return { target, issue, status: 'pending', measured: 'not measured yet' };
  const most = pc?.counters?.mostLoaderCallsInABurst;
  const worst = most === undefined || most === calls ? '' : ` (at most ${most} in one burst)`;
  return {
    target,
    issue,
    status: calls === 1 ? 'met' : 'missed',
    measured: `${Number.isInteger(calls) ? calls : calls.toFixed(2)} loader call(s) per burst${worst}`,
  };
}

const baselineOf = (workload: WorkloadResult) =>
  workload.variants.find((variant) => variant.kind === 'baseline');
const peerNamed = (prefix: string) => (workload: WorkloadResult) =>
  workload.variants.find((variant) => variant.kind === 'peer' && variant.name.startsWith(prefix));

/**
 * Evaluates the targets against a run's results: those of issue 9 ("Done when"),
 * those issue 12 (fill leases) sets for the lease-based read path, issue 13's
 * for the Memcached client and issue 15's for grace with a soft timeout.
 */
export function evaluateTargets(workloads: readonly WorkloadResult[]): TargetStatus[] {
  const statuses = [
    ratioTarget(workloads, {
      issue: 9,
      id: 'l1-hit',
      target: 'L1 hit >= 0.2x raw lru-cache get',
      minimum: 0.2,
      against: baselineOf,
      pc: pcNamed(PC_L1_HIT_PLAIN),
    }),
    ratioTarget(workloads, {
      issue: 9,
      id: 'l1-hit',
      target: "L1 hit >= 10x bentocache's",
      minimum: 10,
      against: peerNamed('bentocache'),
      pc: pcNamed(PC_L1_HIT_PLAIN),
    }),
    ...L1_HIT_COLLECTORS.map((collector) =>
      ratioTarget(workloads, {
        issue: 16,
        id: 'l1-hit',
        target: `L1 hit with ${collector} attached >= 0.9x without`,
        minimum: 0.9,
        against: (workload) =>
          workload.variants.find((variant) => variant.name === PC_L1_HIT_PLAIN),
        pc: pcNamed(`pc getOrLoad + ${collector}`),
      }),
    ),
    ratioTarget(workloads, {
      issue: 9,
      id: 'l2-hit-redis',
      target: 'L2 Redis hit (cache.get) >= 0.9x raw ioredis GET + parse',
      minimum: 0.9,
      against: baselineOf,
      pc: pcNamed('pc cache.get'),
    }),
    ratioTarget(workloads, {
      issue: 12,
      id: 'l2-hit-redis',
      target: 'getOrLoad L2 hit (L1 off) >= 0.95x raw ioredis GET + parse',
      minimum: 0.95,
      against: baselineOf,
      pc: pcNamed('pc getOrLoad'),
    }),
    ratioTarget(workloads, {
      issue: 9,
      id: 'get-many-redis',
      target: 'getMany(100) >= 0.9x raw MGET + parse',
      minimum: 0.9,
      against: baselineOf,
      pc: pcNamed('pc cache.getMany'),
    }),
    ratioTarget(workloads, {
      issue: 12,
      id: 'get-many-redis',
      target: 'getManyOrLoad(100) all hits (L1 off) >= 0.9x raw MGET + parse',
      minimum: 0.9,
      against: baselineOf,
      pc: pcNamed('pc getManyOrLoad'),
    }),
    ratioTarget(workloads, {
      issue: 13,
      id: 'l2-hit-memcached',
      target: 'L2 Memcached hit (cache.get) >= 0.9x raw memcached get + parse',
      minimum: 0.9,
      against: baselineOf,
      pc: pcNamed('pc cache.get'),
    }),
    ratioTarget(workloads, {
      issue: 13,
      id: 'get-many-memcached',
      target: 'Memcached getMany(100) >= 0.85x raw memcached getMulti + parse',
      minimum: 0.85,
      against: baselineOf,
      pc: pcNamed('pc cache.getMany'),
    }),
    ratioTarget(workloads, {
      issue: 13,
      id: 'get-many-memcached-long-keys',
      target: 'Memcached getMany(1,000) of 200-character keys >= 1x raw memcached getMulti + parse',
      minimum: 1,
      against: baselineOf,
      pc: pcNamed('pc cache.getMany'),
    }),
    ratioTarget(workloads, {
      issue: 15,
      id: 'grace-soft-timeout-redis',
      target:
        'getOrLoad of an entry in grace, 100 ms loader, 10 ms soft timeout: close to an L2 hit (>= 0.8x raw GET + parse)',
      minimum: 0.8,
      against: baselineOf,
    }),
    ratioTarget(workloads, {
      issue: 15,
      id: 'grace-soft-timeout-redis',
      target: "grace + soft timeout >= 1x bentocache's grace + timeout",
      minimum: 1,
      against: peerNamed('bentocache'),
    }),
    singleLoadTarget(
      workloads,
      9,
      'concurrent-miss',
      'one loader call for 1,000 concurrent misses',
    ),
    singleLoadTarget(
      workloads,
      12,
      'cross-process-single-flight',
      'cross-process single-flight: one loader call for 4 processes x 250 concurrent misses',
    ),
  ];
  for (const workload of workloads) {
    const peers = workload.variants.filter((variant) => variant.kind === 'peer');
    if (peers.length === 0) continue;
    const best = pcVariant(workload);
    const target = `ahead of every peer: ${workload.title}`;
    if (best === undefined || workload.bestPeer === undefined) {
      statuses.push({ target, issue: 9, status: 'pending', measured: 'not measured yet' });
      continue;
    }
    statuses.push({
      target,
      issue: 9,
      status: best.ratioToBestPeer! >= 1 ? 'met' : 'missed',
      measured: `${best.ratioToBestPeer!.toPrecision(3)}x ${workload.bestPeer} (${best.name})`,
    });
  }
  return statuses;
}

import type { CachingStats } from '../caching/caching-stats.js';
import { percentile } from '../workload/percentile.js';
import type { WorkloadResult } from '../workload/run-workload.js';
import type { DemoResults } from './run-demo.js';

/** One workload run against one service configuration. */
export interface DemoRun {
  /** What served reads, e.g. `database only (caching off)`. */
  readonly description: string;
  readonly workload: WorkloadResult;
  /** Database statements the service ran during the workload. */
  readonly databaseQueries: number;
  /** Cache counters during the workload; absent with caching off. */
  readonly cache?: CachingStats;
  /**
   * CPU time used during the workload, in milliseconds: by the service instances
   * (summed) and by the database process. Absent in reports built without it.
   */
  readonly cpu?: { readonly serviceMilliseconds: number; readonly databaseMilliseconds: number };
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const milliseconds = (value: number) => `${value.toFixed(2)} ms`;
const share = (part: number, whole: number) =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;

/** The demo's closing report, as lines of text. */
export function formatReport(uncached: DemoRun, cached: DemoRun): string[] {
  const rows: Array<[string, string, string]> = [
    ['requests', integer(uncached.workload.requests), integer(cached.workload.requests)],
    ['database queries', integer(uncached.databaseQueries), integer(cached.databaseQueries)],
    [
      'read latency p50',
      milliseconds(percentile(uncached.workload.readLatencies, 50)),
      milliseconds(percentile(cached.workload.readLatencies, 50)),
    ],
    [
      'read latency p99',
      milliseconds(percentile(uncached.workload.readLatencies, 99)),
      milliseconds(percentile(cached.workload.readLatencies, 99)),
    ],
    [
      'write latency p50',
      milliseconds(percentile(uncached.workload.writeLatencies, 50)),
      milliseconds(percentile(cached.workload.writeLatencies, 50)),
    ],
    ['throughput', `${integer(rate(uncached))} req/s`, `${integer(rate(cached))} req/s`],
    ['stale reads', String(uncached.workload.staleReads), String(cached.workload.staleReads)],
  ];
  if (uncached.cpu !== undefined && cached.cpu !== undefined) {
    const perRequest = (run: DemoRun, milliseconds: number) =>
      `${(milliseconds / Math.max(1, run.workload.requests)).toFixed(2)} ms`;
    rows.push(
      [
        'CPU/request, service',
        perRequest(uncached, uncached.cpu.serviceMilliseconds),
        perRequest(cached, cached.cpu.serviceMilliseconds),
      ],
      [
        'CPU/request, database',
        perRequest(uncached, uncached.cpu.databaseMilliseconds),
        perRequest(cached, cached.cpu.databaseMilliseconds),
      ],
    );
  }
  const lines = [
    'pc demo report',
    '',
    `  workload   ${integer(cached.workload.operations)} operations (Zipf-like popularity; ${integer(cached.workload.writes)} writes, each checked by reads)`,
    `  active     ${activePopulation(cached.workload.population)}`,
    `  baseline   ${uncached.description}`,
    `  cached     ${cached.description}`,
    '',
    `  ${''.padEnd(20)}${'without cache'.padStart(16)}${'with cache'.padStart(16)}`,
    ...rows.map(([name, a, b]) => `  ${name.padEnd(20)}${a.padStart(16)}${b.padStart(16)}`),
    '',
  ];
  const saved = uncached.databaseQueries - cached.databaseQueries;
  lines.push(
    `  database queries saved   ${integer(saved)} of ${integer(uncached.databaseQueries)} (${share(saved, uncached.databaseQueries)})`,
  );
  if (cached.cache !== undefined) {
    const { l1, l2, loads, invalidations } = cached.cache;
    lines.push(
      `  hit ratio, burst (L1)    ${share(l1.hits, l1.hits + l1.misses)} of ${integer(l1.hits + l1.misses)} lookups`,
      `  hit ratio, shared (L2)   ${share(l2.hits, l2.hits + l2.misses)} of ${integer(l2.hits + l2.misses)} L1 misses`,
      `  loads from the database  ${integer(loads)} (batched), invalidations ${integer(invalidations)}`,
    );
  }
  const { checks, changedByWrite, staleReads } = cached.workload;
  lines.push(
    `  stale reads after writes ${staleReads} of ${integer(checks)} reads checked against the database (${integer(changedByWrite)} of them changed by the write)`,
  );
  for (const example of cached.workload.staleExamples) lines.push(`    stale: ${example}`);
  return lines;
}

function rate(run: DemoRun): number {
  return run.workload.wallMilliseconds > 0
    ? (1000 * run.workload.requests) / run.workload.wallMilliseconds
    : 0;
}

/** The multi-instance run and the outage phase, as lines of text. */
export function formatExtraPhases(results: Pick<DemoResults, 'multi' | 'outage'>): string[] {
  const lines = ['two instances sharing one database and Redis (invalidation bus)', ''];
  const { multi } = results;
  if (typeof multi === 'string') {
    lines.push(`  skipped: ${multi}`);
  } else {
    lines.push(
      `  setup      ${multi.description}`,
      `  workload   ${integer(multi.workload.operations)} operations, reads spread over both; each write's checks read through the other instance`,
      `  read latency p50 / p99   ${milliseconds(percentile(multi.workload.readLatencies, 50))} / ${milliseconds(percentile(multi.workload.readLatencies, 99))}`,
      `  throughput               ${integer(rate(multi))} req/s, database queries ${integer(multi.databaseQueries)}`,
      ...(multi.cpu === undefined
        ? []
        : [
            `  CPU/request              services ${(multi.cpu.serviceMilliseconds / Math.max(1, multi.workload.requests)).toFixed(2)} ms, database ${(multi.cpu.databaseMilliseconds / Math.max(1, multi.workload.requests)).toFixed(2)} ms`,
          ]),
      `  stale reads across instances ${multi.workload.staleReads} of ${integer(multi.workload.checks)} reads checked against the database (${integer(multi.workload.changedByWrite)} of them changed by the write)`,
    );
    for (const example of multi.workload.staleExamples) lines.push(`    stale: ${example}`);
  }
  const { uncached, cached } = results.outage;
  lines.push(
    '',
    'database outage (3 s; readers keep reading cached paths, a few of them invalidated just before)',
    '',
    `  ${''.padEnd(28)}${'without cache'.padStart(16)}${'with cache'.padStart(16)}`,
    `  ${'reads answered'.padEnd(28)}${integer(uncached.successes).padStart(16)}${integer(cached.successes).padStart(16)}`,
    `  ${'reads failed'.padEnd(28)}${integer(uncached.failures).padStart(16)}${integer(cached.failures).padStart(16)}`,
    `  ${'  of them, not invalidated'.padEnd(28)}${integer(uncached.cachedPathFailures).padStart(16)}${integer(cached.cachedPathFailures).padStart(16)}`,
    `  ${'invalidated values served'.padEnd(28)}${String(uncached.invalidatedServed).padStart(16)}${String(cached.invalidatedServed).padStart(16)}`,
    `  ${'answers unlike the database'.padEnd(28)}${String(uncached.wrongAnswers).padStart(16)}${String(cached.wrongAnswers).padStart(16)}`,
  );
  return lines;
}

function activePopulation(population: DemoRun['workload']['population']): string {
  const { activeUsers, users, activeAccounts, accounts } = population;
  return `${integer(activeUsers)} of ${integer(users)} users, ${integer(activeAccounts)} of ${integer(accounts)} accounts`;
}

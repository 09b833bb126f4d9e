import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CachingStats } from '../caching/caching-stats.js';
import { diffCachingStats, sumCachingStats } from '../caching/caching-stats.js';
import { type DatabaseProcess, startDatabaseProcess } from '../database/database-process.js';
import { JsonClient } from '../workload/http-client.js';
import { runWorkload, WORKLOAD_DEFAULTS } from '../workload/run-workload.js';
import { type DemoRun, formatExtraPhases, formatReport } from './format-report.js';
import { type LatencySeries, renderLatencyChart } from './latency-chart.js';
import { startDemoRedis, startInstancePair } from './multi-instance-run.js';
import { type OutageResult, runOutagePhase } from './outage-phase.js';
import { createProgressDisplay, type DemoOutput } from './progress-display.js';
import { startServiceProcess } from './service-process.js';

/** Options of `runDemo`. */
export interface DemoOptions {
  /** The service's entry point (`dist/main.js`). */
  readonly mainScript: string;
  readonly output: DemoOutput;
  /** Operations per run. @default WORKLOAD_DEFAULTS.operations */
  readonly operations?: number;
  /** Concurrent clients. @default WORKLOAD_DEFAULTS.concurrency */
  readonly concurrency?: number;
  /** Users the runs (warm-ups included) pick from. @default WORKLOAD_DEFAULTS.activeUsers */
  readonly activeUsers?: number;
  /** Accounts the runs pick from. @default WORKLOAD_DEFAULTS.activeAccounts */
  readonly activeAccounts?: number;
  /**
   * Read-only operations run before each measured run with the cache, unmeasured,
   * from twice the clients (they pass sooner): the same mix as the run with
   * another seed, so the cached service starts the run as a service that has
   * been running for a while: the popular users and accounts cached, most of the
   * long tail not. @default 20_000
   */
  readonly warmUpOperations?: number;
  /**
   * The same before the run without the cache, which has nothing to warm but
   * the JIT (the database keeps every row in memory from the start). @default 3_000
   */
  readonly baselineWarmUpOperations?: number;
  /** Environment for the cached run (e.g. `PC_CACHE_URL`). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the report and its chart are written. @default undefined (printed only) */
  readonly outputDirectory?: string;
}

export const DEMO_DEFAULTS = { warmUpOperations: 20_000, baselineWarmUpOperations: 3_000 } as const;

interface ServiceStats {
  readonly caching: string;
  readonly databaseQueries: number;
  /** CPU time used so far, in microseconds. */
  readonly cpu: { readonly service: number; readonly database: number };
  readonly cache?: CachingStats;
}

/** What the demo measured, for the report and its chart. */
export interface DemoResults {
  readonly uncached: DemoRun;
  readonly cached: DemoRun;
  /** The multi-instance run; a string says why it did not run. */
  readonly multi: DemoRun | string;
  readonly outage: { readonly uncached: OutageResult; readonly cached: OutageResult };
}

/**
 * The README's demo: runs the same workload against the service with caching off
 * (the baseline) and on, each in its own process over its own database process,
 * then two cached instances sharing one database and Redis (with the bus), then
 * an outage of the database under both single services; prints the report and
 * writes it, with a latency chart, to `outputDirectory`.
 * @returns the exit code: 0 when every run finished with no stale read.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const say = (line = '') => options.output.write(`${line}\n`);
  say('pc demo: acl-service, an HTTP permissions service on an embedded Postgres (PGlite)');
  say('the same scripted workload runs against the database alone, through pc, and through');
  say('two pc instances sharing Redis; then the database goes down for a few seconds');
  say('');
  // A real service keeps its shared layer on a server: the demo starts a Redis
  // (as the test run does) unless PC_CACHE_URL names one; without redis-server,
  // the cached run falls back to the filesystem adapter and the two-instance run is skipped.
  const redis = options.env?.PC_CACHE_URL === undefined ? await startDemoRedis() : undefined;
  // Each run gets a fresh database; they boot together, before anything is
  // measured (Postgres in WebAssembly takes seconds to boot on a busy machine).
  say('starting the databases (embedded Postgres, one process per run)...');
  const databases = await Promise.all([0, 1, 2].map(() => startDatabaseProcess()));
  try {
    const cacheUrl =
      options.env?.PC_CACHE_URL ?? (redis !== undefined && 'url' in redis ? redis.url : undefined);
    const uncached = await runOnce(options, 'without cache', databases[0]!, { PC_CACHE: 'off' });
    const cached = await runOnce(options, 'with cache   ', databases[1]!, {
      ...options.env,
      ...(cacheUrl === undefined ? {} : { PC_CACHE_URL: cacheUrl }),
      PC_CACHE: 'on',
      PC_CACHE_CLEAR: 'on',
    });
    const multi = cacheUrl?.startsWith('redis')
      ? await runMulti(options, databases[2]!, cacheUrl)
      : redis !== undefined && 'missing' in redis
        ? redis.missing
        : 'the two-instance run needs a redis:// PC_CACHE_URL';
    return await report(options, {
      uncached: uncached.run,
      cached: cached.run,
      multi,
      outage: { uncached: uncached.outage, cached: cached.outage },
    });
  } finally {
    await Promise.all(databases.map((database) => database.stop()));
    if (redis !== undefined && 'stop' in redis) await redis.stop();
  }
}

async function report(options: DemoOptions, results: DemoResults): Promise<number> {
  const say = (line = '') => options.output.write(`${line}\n`);
  const lines = [
    ...formatReport(results.uncached, results.cached),
    '',
    ...formatExtraPhases(results),
  ];
  const { line, code } = demoVerdict(results);
  lines.push('', line);
  say('');
  for (const text of lines) say(text);
  if (options.outputDirectory !== undefined) {
    await mkdir(options.outputDirectory, { recursive: true });
    const report = join(options.outputDirectory, 'report.txt');
    const chart = join(options.outputDirectory, 'read-latency.svg');
    await writeFile(report, `${lines.join('\n')}\n`);
    await writeFile(chart, renderChart(results));
    say('');
    say(`report written to ${report}`);
    say(`chart  written to ${chart}`);
  }
  return code;
}

async function runOnce(
  options: DemoOptions,
  label: string,
  database: DatabaseProcess,
  env: Readonly<Record<string, string>>,
): Promise<{ run: DemoRun; outage: OutageResult }> {
  const service = await startServiceProcess(options.mainScript, {
    ...env,
    PC_DATABASE_URL: database.url,
  });
  options.output.write(`${label}  ${service.banner}\n`);
  try {
    const warmUp =
      env.PC_CACHE === 'off'
        ? (options.baselineWarmUpOperations ?? DEMO_DEFAULTS.baselineWarmUpOperations)
        : (options.warmUpOperations ?? DEMO_DEFAULTS.warmUpOperations);
    const run = await measure(options, label, [service.url], warmUp);
    const outage = await runOutagePhase({ url: service.url });
    options.output.write(
      `${label}  database outage: ${outage.successes} reads answered, ${outage.failures} failed\n`,
    );
    return { run, outage };
  } finally {
    await service.stop();
  }
}

async function runMulti(
  options: DemoOptions,
  database: DatabaseProcess,
  redisUrl: string,
): Promise<DemoRun | string> {
  const label = '2 instances  ';
  const pair = await startInstancePair(options.mainScript, database.url, redisUrl);
  options.output.write(`${label}  ${pair.description}\n`);
  try {
    const run = await measure(
      options,
      label,
      pair.services.map((service) => service.url),
      options.warmUpOperations ?? DEMO_DEFAULTS.warmUpOperations,
    );
    return { ...run, description: pair.description };
  } finally {
    await pair.stop();
  }
}

/** Warm-up, then the measured workload against `urls`, with the services' counters around it. */
async function measure(
  options: DemoOptions,
  label: string,
  urls: readonly string[],
  warmUpOperations: number,
): Promise<DemoRun> {
  const clients = urls.map((url) => new JsonClient(url, 2));
  const stats = async () =>
    Promise.all(
      clients.map(async (http) => (await http.expect('GET', '/stats')).body as ServiceStats),
    );
  try {
    const warmUp = createProgressDisplay(options.output, `${label}  warm-up (not measured):`, true);
    await runWorkload({
      url: urls,
      operations: warmUpOperations,
      concurrency: 2 * (options.concurrency ?? WORKLOAD_DEFAULTS.concurrency),
      writeShare: 0,
      seed: 99,
      ...population(options),
      onProgress: (progress) => warmUp.update(progress),
    });
    warmUp.finish('');
    const before = await stats();
    const display = createProgressDisplay(options.output, label);
    const workload = await runWorkload({
      url: urls,
      operations: options.operations ?? WORKLOAD_DEFAULTS.operations,
      concurrency: options.concurrency ?? WORKLOAD_DEFAULTS.concurrency,
      ...population(options),
      onProgress: (progress) => display.update(progress),
    });
    const after = await stats();
    display.finish(
      `${workload.requests.toLocaleString('en-US')} requests in ${(workload.wallMilliseconds / 1000).toFixed(1)} s, stale reads ${workload.staleReads}`,
    );
    let cache: CachingStats | undefined;
    after.forEach((one, index) => {
      const earlier = before[index]!;
      if (one.cache === undefined || earlier.cache === undefined) return;
      const diff = diffCachingStats(one.cache, earlier.cache);
      cache = cache === undefined ? diff : sumCachingStats(cache, diff);
    });
    const queries = after.reduce(
      (sum, one, index) => sum + one.databaseQueries - before[index]!.databaseQueries,
      0,
    );
    // Instances share one database process: its CPU is counted once.
    const serviceMicroseconds = after.reduce(
      (sum, one, index) => sum + one.cpu.service - before[index]!.cpu.service,
      0,
    );
    return {
      description: after[0]!.caching === 'off' ? 'database only (caching off)' : after[0]!.caching,
      workload,
      databaseQueries: queries,
      cpu: {
        serviceMilliseconds: serviceMicroseconds / 1000,
        databaseMilliseconds: (after[0]!.cpu.database - before[0]!.cpu.database) / 1000,
      },
      ...(cache === undefined ? {} : { cache }),
    };
  } finally {
    for (const http of clients) http.close();
  }
}

function renderChart(results: DemoResults): string {
  const series: LatencySeries[] = [
    { label: 'without cache', color: '#c0392b', ...timeline(results.uncached) },
    { label: 'with cache', color: '#2471a3', ...timeline(results.cached) },
  ];
  if (typeof results.multi !== 'string') {
    series.push({ label: 'with cache, 2 instances', color: '#1e8449', ...timeline(results.multi) });
  }
  return renderLatencyChart('acl-service read latency over the measured run (pc demo)', series);
}

function timeline(run: DemoRun) {
  return { starts: run.workload.readStarts, latencies: run.workload.readLatencies };
}

/**
 * The demo's last line and exit code: any stale read (in any run, across
 * instances too) or any invalidated value served during the outage fails it.
 */
export function demoVerdict(
  results: Pick<DemoResults, 'uncached' | 'cached'> & Partial<DemoResults>,
): {
  line: string;
  code: number;
} {
  const runs = [results.uncached, results.cached];
  if (results.multi !== undefined && typeof results.multi !== 'string') runs.push(results.multi);
  const stale = runs.reduce((sum, run) => sum + run.workload.staleReads, 0);
  const outage =
    results.outage === undefined ? [] : [results.outage.uncached, results.outage.cached];
  const wrong = outage.reduce((sum, one) => sum + one.invalidatedServed + one.wrongAnswers, 0);
  if (stale > 0) return { line: `result: FAILED, ${stale} stale reads after writes`, code: 1 };
  if (wrong > 0) {
    return {
      line: `result: FAILED, ${wrong} wrong or invalidated values served during the outage`,
      code: 1,
    };
  }
  return { line: 'result: 0 stale reads; every read after a write matched the database', code: 0 };
}

/** The active population a demo's runs share (warm-up and measured run alike). */
function population(options: DemoOptions): { activeUsers?: number; activeAccounts?: number } {
  return {
    ...(options.activeUsers === undefined ? {} : { activeUsers: options.activeUsers }),
    ...(options.activeAccounts === undefined ? {} : { activeAccounts: options.activeAccounts }),
  };
}

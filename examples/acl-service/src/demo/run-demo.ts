import type { CachingStats } from '../caching/caching-stats.js';
import { diffCachingStats } from '../caching/caching-stats.js';
import { JsonClient } from '../workload/http-client.js';
import { runWorkload, WORKLOAD_DEFAULTS } from '../workload/run-workload.js';
import { type DemoRun, formatReport } from './format-report.js';
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
  /** Read-only operations run before each measured run, unmeasured. @default 3_000 */
  readonly warmUpOperations?: number;
  /** Environment for the cached run (e.g. `PC_CACHE_URL`). @default {} */
  readonly env?: Readonly<Record<string, string>>;
}

export const DEMO_DEFAULTS = { warmUpOperations: 3_000 } as const;

interface ServiceStats {
  readonly caching: string;
  readonly databaseQueries: number;
  readonly cache?: CachingStats;
}

/**
 * The README's demo: runs the same workload against the service with caching off
 * (the baseline) and on, each in its own process, and prints the report.
 * @returns the exit code: 0 when every run finished with no stale read.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const say = (line = '') => options.output.write(`${line}\n`);
  say('pc demo: acl-service, an HTTP permissions service on an embedded Postgres (PGlite)');
  say('the same scripted workload runs twice: against the database alone, then through pc');
  say('');
  const uncached = await runOnce(options, 'without cache', { PC_CACHE: 'off' });
  const cached = await runOnce(options, 'with cache   ', { ...options.env, PC_CACHE: 'on' });
  say('');
  for (const line of formatReport(uncached, cached)) say(line);
  const { line, code } = demoVerdict(uncached, cached);
  say('');
  say(line);
  return code;
}

async function runOnce(
  options: DemoOptions,
  label: string,
  env: Readonly<Record<string, string>>,
): Promise<DemoRun> {
  const service = await startServiceProcess(options.mainScript, env);
  options.output.write(`${label}  ${service.banner}\n`);
  const http = new JsonClient(service.url, 8);
  try {
    const warmUp = createProgressDisplay(options.output, `${label}  warm-up (not measured):`, true);
    await runWorkload({
      url: service.url,
      operations: options.warmUpOperations ?? DEMO_DEFAULTS.warmUpOperations,
      concurrency: options.concurrency ?? WORKLOAD_DEFAULTS.concurrency,
      writeShare: 0,
      seed: 99,
      onProgress: (progress) => warmUp.update(progress),
    });
    warmUp.finish('');
    const before = (await http.expect('GET', '/stats')).body as ServiceStats;
    const display = createProgressDisplay(options.output, label);
    const workload = await runWorkload({
      url: service.url,
      operations: options.operations ?? WORKLOAD_DEFAULTS.operations,
      concurrency: options.concurrency ?? WORKLOAD_DEFAULTS.concurrency,
      onProgress: (progress) => display.update(progress),
    });
    const after = (await http.expect('GET', '/stats')).body as ServiceStats;
    display.finish(
      `${workload.requests.toLocaleString('en-US')} requests in ${(workload.wallMilliseconds / 1000).toFixed(1)} s, stale reads ${workload.staleReads}`,
    );
    const cache =
      after.cache !== undefined && before.cache !== undefined
        ? diffCachingStats(after.cache, before.cache)
        : undefined;
    return {
      description: after.caching === 'off' ? 'database only (caching off)' : after.caching,
      workload,
      databaseQueries: after.databaseQueries - before.databaseQueries,
      ...(cache === undefined ? {} : { cache }),
    };
  } finally {
    http.close();
    await service.stop();
  }
}

/** The demo's last line and exit code: any stale read fails it. */
export function demoVerdict(uncached: DemoRun, cached: DemoRun): { line: string; code: number } {
  const stale = uncached.workload.staleReads + cached.workload.staleReads;
  return stale === 0
    ? { line: 'result: 0 stale reads; every read after a write matched the database', code: 0 }
    : { line: `result: FAILED, ${stale} stale reads after writes`, code: 1 };
}

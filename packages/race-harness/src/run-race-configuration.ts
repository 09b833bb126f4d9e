import type { HarnessDatabase } from './harness-database.js';
import {
  emptyWorkerStats,
  type ParentMethodName,
  type StaleReadReport,
  type WorkerInit,
  type WorkerStats,
} from './ipc-messages.js';
import { scheduleFingerprint } from './operation-schedule.js';
import { RACE_CONFIGURATIONS, type RaceConfigurationName } from './race-configurations.js';
import { RaceHarnessError } from './race-harness-error.js';
import {
  type ResolvedRaceHarnessOptions,
  SELF_CHECK_EARLY_REPORT_MILLISECONDS,
} from './race-harness-options.js';
import { type RaceConfigurationResult, type StaleRead, summarizeStaleness } from './race-result.js';
import { startRaceServers } from './race-servers.js';
import { raceViolations } from './race-verdict.js';
import { createSeededRandom } from './seeded-random.js';
import type { WorkerPool, WorkerProcess } from './worker-process.js';

/** Longest the workers may take to start (fork, connect, subscribe), in ms. */
const READY_TIMEOUT_MILLISECONDS = 60_000;
/** Longest the workers may take to finish their operations after `stop`, in ms. */
const STOP_TIMEOUT_MILLISECONDS = 30_000;
const STALE_SAMPLES = 10;
/**
 * `floorsAt` counts only reports that arrived this long before the time asked
 * about, in ms: worker and parent clocks (`performance.timeOrigin + now()`) may
 * differ by a little, and a value must never be called stale for that.
 */
const CLOCK_MARGIN_MILLISECONDS = 10;

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));

async function within<T>(work: Promise<T>, milliseconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new RaceHarnessError(`[pc:race-harness] ${what} took longer than ${milliseconds} ms`),
        ),
      milliseconds,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The parent's view of committed versions: the highest version per id whose
 * invalidation a writer reported as resolved (a reader's floor), and when each
 * report arrived (to date stale reads).
 */
class CommittedVersions {
  readonly #floors = new Map<number, number>();
  readonly #reports = new Map<number, Array<readonly [version: number, at: number]>>();

  floor(id: number): number {
    return this.#floors.get(id) ?? 0;
  }

  /** The highest version of `id` reported before `at` (epoch ms), less the clock margin. */
  floorAt(id: number, at: number): number {
    let floor = 0;
    for (const [reported, arrived] of this.#reports.get(id) ?? []) {
      if (arrived >= at - CLOCK_MARGIN_MILLISECONDS) break;
      if (reported > floor) floor = reported;
    }
    return floor;
  }

  report(id: number, version: number, at: number): void {
    if (version > this.floor(id)) this.#floors.set(id, version);
    const reports = this.#reports.get(id) ?? [];
    reports.push([version, at]);
    this.#reports.set(id, reports);
  }

  /** When the first report of a version above `version` arrived (reports are in arrival order). */
  staleSince(id: number, version: number): number | undefined {
    for (const [reported, at] of this.#reports.get(id) ?? []) if (reported > version) return at;
    return undefined;
  }
}

function addStats(total: WorkerStats, stats: WorkerStats): void {
  for (const key of Object.keys(total) as Array<keyof WorkerStats>) {
    const value = total[key];
    if (typeof value === 'number') (total[key] as number) = value + (stats[key] as number);
  }
  for (const source of Object.keys(total.stale) as Array<keyof WorkerStats['stale']>) {
    total.stale[source] += stats.stale[source];
  }
  for (const sample of stats.errorSamples) {
    if (total.errorSamples.length < 10) total.errorSamples.push(sample);
  }
}

/**
 * Runs one configuration: resets the database, starts its servers, forks the
 * workers (plus a filler where the configuration has one), lets them race for
 * `durationMilliseconds` (restarting Redis where asked), and collects the counts.
 * @throws RaceHarnessError when a server or a worker fails (not a verdict).
 */
export async function runRaceConfiguration(
  database: HarnessDatabase,
  pool: WorkerPool,
  name: RaceConfigurationName,
  options: ResolvedRaceHarnessOptions,
): Promise<RaceConfigurationResult> {
  const configuration = RACE_CONFIGURATIONS[name];
  const progress = options.onProgress ?? (() => {});
  const seed = options.seed;
  const items = configuration.items ?? options.items;
  await database.reset(items, options.groups);
  const statementsBefore = database.statements;
  const committed = new CommittedVersions();
  const staleReads: StaleRead[] = [];
  const l1Windows: number[] = [];

  const onCall = (method: ParentMethodName, args: readonly unknown[]): unknown => {
    switch (method) {
      case 'floors':
        return (args[0] as number[]).map((id) => committed.floor(id));
      case 'floorsAt': {
        const times = args[1] as number[];
        return (args[0] as number[]).map((id, index) => committed.floorAt(id, times[index]!));
      }
      case 'load':
        return database.read(args[0] as number[]);
      case 'bump':
        return database.bump(args[0] as number);
      case 'committed':
        committed.report(args[0] as number, args[1] as number, now());
        return null;
      case 'countLoad':
        throw new RaceHarnessError('[pc:race-harness] countLoad belongs to the single-flight run');
    }
  };
  const onStale = (workerId: string) => (report: StaleReadReport) => {
    const since = committed.staleSince(report.id, report.version);
    const staleness = since === undefined ? Number.NaN : report.readStartedAt - since;
    if (report.source === 'l1' && !Number.isNaN(staleness)) l1Windows.push(staleness);
    staleReads.push({ ...report, workerId, stalenessMilliseconds: staleness });
  };

  progress(`${name}: starting servers (${configuration.description})`);
  const servers = await startRaceServers(configuration);
  const workers: WorkerProcess[] = [];
  let restarts = 0;
  let durationMilliseconds = 0;
  let reported = false;
  try {
    const common: Omit<WorkerInit, 'role' | 'workerId' | 'workerIndex'> = {
      type: 'init',
      seed,
      backend: servers.backend,
      namespace: `race-${name}`,
      l1: configuration.l1,
      bus: configuration.bus,
      busChannel: `pc:race:${name}`,
      burstTtlMilliseconds: options.burstTtlMilliseconds,
      items,
      groups: options.groups,
      readers: options.readersPerWorker,
      writers: options.writersPerWorker,
      loaderDelayMaxMilliseconds: options.loaderDelayMaxMilliseconds,
      loaderHoldMaxMilliseconds: options.loaderHoldMaxMilliseconds,
      slowLoaderProbability: options.slowLoaderProbability,
      slowLoaderHoldMaxMilliseconds: options.slowLoaderHoldMaxMilliseconds,
      readerPauseMaxMilliseconds: options.readerPauseMaxMilliseconds,
      writerPauseMaxMilliseconds: options.writerPauseMaxMilliseconds,
      earlyReportMilliseconds: options.selfCheck ? SELF_CHECK_EARLY_REPORT_MILLISECONDS : 0,
      failingLoaderProbability: configuration.failingLoaderProbability,
      ...(configuration.ttlMilliseconds === undefined
        ? {}
        : { ttlMilliseconds: configuration.ttlMilliseconds }),
      ...(configuration.resilience === undefined ? {} : { resilience: configuration.resilience }),
      ...(configuration.filler === undefined ? {} : { filler: configuration.filler }),
    };
    // The filler (when there is one) is the pool's last worker.
    workers.push(...pool.take(options.workers + (configuration.filler === undefined ? 0 : 1)));
    const runs = workers.map((worker, index) => {
      const filler = index === options.workers;
      const workerId = filler ? 'filler' : `w${index}`;
      return worker.begin(
        { ...common, role: filler ? 'filler' : 'race', workerId, workerIndex: index },
        onCall,
        onStale(workerId),
      );
    });
    const verified = await within(
      Promise.all(runs.map((run) => run.ready)),
      READY_TIMEOUT_MILLISECONDS,
      `${name}: starting ${workers.length} workers`,
    );
    const markers = verified.filter((marker) => marker !== undefined);
    const l1MarkerVerified = configuration.l1 ? markers.every((marker) => marker) : undefined;

    progress(`${name}: ${workers.length} workers racing for ${options.durationMilliseconds} ms`);
    const evictedBefore = await servers.evictions();
    const startedAt = now();
    const loopBefore = performance.eventLoopUtilization();
    for (const worker of workers) worker.start();
    // Restarts at seeded points spread over the run.
    const random = createSeededRandom(seed, 'restarts', name);
    for (let index = 0; index < configuration.restarts; index++) {
      const fraction = (index + 0.5 + (random.next() - 0.5) * 0.5) / configuration.restarts;
      await sleep(startedAt + fraction * options.durationMilliseconds - now());
      await servers.restart?.();
      restarts++;
      progress(`${name}: Redis restarted (${restarts}/${configuration.restarts})`);
    }
    await sleep(startedAt + options.durationMilliseconds - now());
    for (const worker of workers) worker.stop();
    const outcomes = await within(
      Promise.all(runs.map((run) => run.done)),
      STOP_TIMEOUT_MILLISECONDS,
      `${name}: stopping the workers`,
    );
    reported = true;
    durationMilliseconds = now() - startedAt;
    const parentUtilization = performance.eventLoopUtilization(loopBefore).utilization;
    // Evictions during the race only (the filler's prefill evicts before it).
    const evictedKeys = (await servers.evictions()) - evictedBefore;

    const total = emptyWorkerStats();
    for (const outcome of outcomes) addStats(total, outcome.stats);
    const measured: Omit<RaceConfigurationResult, 'violations' | 'selfCheck'> = {
      name,
      description: configuration.description,
      seed,
      scheduleFingerprint: scheduleFingerprint(
        seed,
        {
          items,
          readerPauseMaxMilliseconds: options.readerPauseMaxMilliseconds,
          writerPauseMaxMilliseconds: options.writerPauseMaxMilliseconds,
        },
        options.workers,
        options.readersPerWorker,
        options.writersPerWorker,
      ),
      durationMilliseconds,
      workers: options.workers,
      readCalls: total.readCalls,
      reads: total.reads,
      writes: total.writes,
      failedWrites: total.failedWrites,
      loads: total.loads,
      readErrors: total.readErrors,
      missingValues: total.missingValues,
      stale: { ...total.stale },
      l1Staleness: summarizeStaleness(l1Windows),
      backendErrors: total.backendErrors,
      busErrors: total.busErrors,
      busGaps: total.busGaps,
      l1Hits: total.l1Hits,
      l2Hits: total.l2Hits,
      joins: total.joins,
      grace: {
        error: total.graceError,
        softTimeout: total.graceSoftTimeout,
        backoff: total.graceBackoff,
        reads: total.graceReads,
        errorReads: total.graceErrorReads,
      },
      earlyRefreshes: total.earlyRefreshes,
      failedLoads: total.failedLoads,
      asynchronousL1Hits: total.asynchronousL1Hits,
      l1MarkerVerified,
      evictedKeys,
      restarts,
      fillerWrites: total.fillerWrites,
      databaseStatements: database.statements - statementsBefore,
      parentUtilization,
      staleSamples: staleReads.slice(0, STALE_SAMPLES),
      errorSamples: total.errorSamples,
    };
    return {
      ...measured,
      selfCheck: options.selfCheck,
      violations: raceViolations(
        configuration,
        measured,
        options.burstTtlMilliseconds,
        options.selfCheck,
      ),
    };
  } finally {
    // After a failure the others may still be racing: end them (the pool forks new ones).
    if (!reported) for (const worker of workers) worker.kill();
    await servers.stop();
  }
}

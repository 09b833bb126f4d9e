import { InvalidOptionsError } from '@pc/core';
import {
  isRaceConfigurationName,
  RACE_CONFIGURATION_NAMES,
  type RaceConfigurationName,
} from './race-configurations.js';
import { MAX_SEED } from './seeded-random.js';

/** Options of `runRaceHarness` and `runRaceConfiguration`. */
export interface RaceHarnessOptions {
  /**
   * Seed of every random choice (operations, ids, loader delays, restart times). The
   * same seed replays the same schedule of operations; timing still differs. An
   * unsigned 32-bit integer.
   * @default a seed drawn from the clock (printed, so a run can be replayed)
   */
  readonly seed?: number;
  /**
   * Configurations to run, in this order.
   * @default all of RACE_CONFIGURATION_NAMES
   */
  readonly configurations?: readonly RaceConfigurationName[];
  /**
   * How long the workers read and write, per configuration, in milliseconds
   * (server start and worker start-up come on top).
   * @default 4_000
   */
  readonly durationMilliseconds?: number;
  /**
   * Worker processes that read and write (each with its own Cache). A filler worker
   * is added for configurations with one.
   * @default 4
   */
  readonly workers?: number;
  /**
   * Concurrent reader loops per worker.
   * @default 4
   */
  readonly readersPerWorker?: number;
  /**
   * Concurrent writer loops per worker.
   * @default 1
   */
  readonly writersPerWorker?: number;
  /**
   * Rows in the items table (ids 1..items). A quarter of them get 60% of the
   * operations, so operations collide.
   * @default 24
   */
  readonly items?: number;
  /**
   * Tag groups: item `id` carries the tag `group-<id % groups>`.
   * @default 8
   */
  readonly groups?: number;
  /**
   * Loaders wait a seeded delay in [0, this] before they read the database, in ms.
   * @default 30
   */
  readonly loaderDelayMaxMilliseconds?: number;
  /**
   * Loaders hold the rows they read for a seeded delay in [0, this] before they
   * return them, in ms: the window in which an invalidation can overtake a load
   * that already read the old row (the race this harness hunts).
   * @default 20
   */
  readonly loaderHoldMaxMilliseconds?: number;
  /**
   * Share of loads that are slow: they hold their rows a seeded delay in
   * [loaderHoldMaxMilliseconds, slowLoaderHoldMaxMilliseconds] instead, long enough
   * for a whole write (database, invalidation, report) and a new read to happen
   * meanwhile on a busy machine. 0 to 1.
   * @default 0.1
   */
  readonly slowLoaderProbability?: number;
  /**
   * Longest hold of a slow load, in ms.
   * @default 300
   */
  readonly slowLoaderHoldMaxMilliseconds?: number;
  /**
   * Writers pause a seeded delay in [0, this] after each write, in ms: reads must
   * outnumber writes by far, or every read misses and nothing stale can be served.
   * @default 100
   */
  readonly writerPauseMaxMilliseconds?: number;
  /**
   * Readers pause a seeded delay in [0, this] after each read, in ms.
   * @default 3
   */
  readonly readerPauseMaxMilliseconds?: number;
  /**
   * L1 TTL of the workers' caches (where L1 is on), in ms. The verdict allows L1
   * staleness up to this plus {@link RACE_VERDICT_L1_SLACK_MILLISECONDS}.
   * @default 1_000 (the Cache's default)
   */
  readonly burstTtlMilliseconds?: number;
  /**
   * Self-check of the harness: writers read an id (caching it), bump it, report
   * the new version, read it again, and only
   * {@link SELF_CHECK_EARLY_REPORT_MILLISECONDS} later invalidate it, so their
   * second read and other processes' reads meanwhile must be caught as stale. The
   * verdict then passes only when stale reads were found: a harness that finds
   * none in this mode cannot find anything.
   * @default false
   */
  readonly selfCheck?: boolean;
  /**
   * The worker bundle to fork: another build of `src/worker.ts` (e.g. bundled
   * against an older `@pc/core`) to compare cores under the same schedule.
   * @default the package's dist/worker.js
   */
  readonly workerPath?: string;
  /**
   * Called with progress lines (server start, restarts, results).
   * @default undefined (silent)
   */
  readonly onProgress?: ((line: string) => void) | undefined;
}

/** Defaults of {@link RaceHarnessOptions}. */
export const RACE_HARNESS_DEFAULTS = {
  configurations: RACE_CONFIGURATION_NAMES,
  durationMilliseconds: 4_000,
  workers: 4,
  readersPerWorker: 4,
  writersPerWorker: 1,
  items: 24,
  groups: 8,
  loaderDelayMaxMilliseconds: 30,
  loaderHoldMaxMilliseconds: 20,
  slowLoaderProbability: 0.1,
  slowLoaderHoldMaxMilliseconds: 300,
  writerPauseMaxMilliseconds: 100,
  readerPauseMaxMilliseconds: 3,
  burstTtlMilliseconds: 1_000,
  selfCheck: false,
} as const;

/** How long a self-check writer waits between its (early) report and its invalidation, in ms. */
export const SELF_CHECK_EARLY_REPORT_MILLISECONDS = 500;

/** How far past the burst TTL an L1 stale read may come and still pass, in ms. */
export const RACE_VERDICT_L1_SLACK_MILLISECONDS = 250;

/** Options with every default applied. */
export interface ResolvedRaceHarnessOptions
  extends Required<Omit<RaceHarnessOptions, 'onProgress' | 'workerPath'>> {
  readonly workerPath: string | undefined;
  readonly onProgress: ((line: string) => void) | undefined;
}

/** A seed drawn from the clock, for runs that were given none. */
export function clockSeed(): number {
  return (Date.now() ^ (process.hrtime()[1] << 7)) >>> 0;
}

function checkInteger(
  value: unknown,
  name: string,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    throw new InvalidOptionsError(
      `[pc:race-harness] set "${name}" to an integer from ${minimum} to ${maximum}, got ${String(value)}`,
    );
  }
}

/** Validates options eagerly and applies the defaults. */
export function resolveRaceHarnessOptions(
  options: RaceHarnessOptions = {},
): ResolvedRaceHarnessOptions {
  checkInteger(options.seed, 'seed', 0, MAX_SEED);
  checkInteger(options.durationMilliseconds, 'durationMilliseconds', 100);
  checkInteger(options.workers, 'workers', 2, 64);
  checkInteger(options.readersPerWorker, 'readersPerWorker', 1, 256);
  checkInteger(options.writersPerWorker, 'writersPerWorker', 1, 256);
  checkInteger(options.items, 'items', 2, 100_000);
  checkInteger(options.groups, 'groups', 1, 100_000);
  checkInteger(options.loaderDelayMaxMilliseconds, 'loaderDelayMaxMilliseconds', 0, 60_000);
  checkInteger(options.loaderHoldMaxMilliseconds, 'loaderHoldMaxMilliseconds', 0, 60_000);
  checkInteger(
    options.slowLoaderHoldMaxMilliseconds,
    'slowLoaderHoldMaxMilliseconds',
    options.loaderHoldMaxMilliseconds ?? RACE_HARNESS_DEFAULTS.loaderHoldMaxMilliseconds,
    60_000,
  );
  if (
    options.slowLoaderProbability !== undefined &&
    !(
      typeof options.slowLoaderProbability === 'number' &&
      options.slowLoaderProbability >= 0 &&
      options.slowLoaderProbability <= 1
    )
  ) {
    throw new InvalidOptionsError(
      `[pc:race-harness] set "slowLoaderProbability" to a number from 0 to 1, got ${String(options.slowLoaderProbability)}`,
    );
  }
  checkInteger(options.writerPauseMaxMilliseconds, 'writerPauseMaxMilliseconds', 0, 60_000);
  checkInteger(options.readerPauseMaxMilliseconds, 'readerPauseMaxMilliseconds', 0, 60_000);
  checkInteger(options.burstTtlMilliseconds, 'burstTtlMilliseconds', 1);
  const configurations = options.configurations ?? RACE_HARNESS_DEFAULTS.configurations;
  if (!Array.isArray(configurations) || configurations.length === 0) {
    throw new InvalidOptionsError(
      `[pc:race-harness] set "configurations" to a non-empty list of ${RACE_CONFIGURATION_NAMES.join(', ')}`,
    );
  }
  for (const name of configurations) {
    if (typeof name !== 'string' || !isRaceConfigurationName(name)) {
      throw new InvalidOptionsError(
        `[pc:race-harness] unknown configuration ${JSON.stringify(name)} in "configurations"; known: ${RACE_CONFIGURATION_NAMES.join(', ')}`,
      );
    }
  }
  if (options.selfCheck !== undefined && typeof options.selfCheck !== 'boolean') {
    throw new InvalidOptionsError('[pc:race-harness] set "selfCheck" to true or false');
  }
  if (
    options.workerPath !== undefined &&
    (typeof options.workerPath !== 'string' || options.workerPath === '')
  ) {
    throw new InvalidOptionsError(
      '[pc:race-harness] set "workerPath" to the path of a worker bundle',
    );
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidOptionsError(
      '[pc:race-harness] set "onProgress" to a function (line) => void',
    );
  }
  return {
    seed: options.seed ?? clockSeed(),
    configurations,
    durationMilliseconds:
      options.durationMilliseconds ?? RACE_HARNESS_DEFAULTS.durationMilliseconds,
    workers: options.workers ?? RACE_HARNESS_DEFAULTS.workers,
    readersPerWorker: options.readersPerWorker ?? RACE_HARNESS_DEFAULTS.readersPerWorker,
    writersPerWorker: options.writersPerWorker ?? RACE_HARNESS_DEFAULTS.writersPerWorker,
    items: options.items ?? RACE_HARNESS_DEFAULTS.items,
    groups: options.groups ?? RACE_HARNESS_DEFAULTS.groups,
    loaderDelayMaxMilliseconds:
      options.loaderDelayMaxMilliseconds ?? RACE_HARNESS_DEFAULTS.loaderDelayMaxMilliseconds,
    loaderHoldMaxMilliseconds:
      options.loaderHoldMaxMilliseconds ?? RACE_HARNESS_DEFAULTS.loaderHoldMaxMilliseconds,
    slowLoaderProbability:
      options.slowLoaderProbability ?? RACE_HARNESS_DEFAULTS.slowLoaderProbability,
    slowLoaderHoldMaxMilliseconds:
      options.slowLoaderHoldMaxMilliseconds ?? RACE_HARNESS_DEFAULTS.slowLoaderHoldMaxMilliseconds,
    writerPauseMaxMilliseconds:
      options.writerPauseMaxMilliseconds ?? RACE_HARNESS_DEFAULTS.writerPauseMaxMilliseconds,
    readerPauseMaxMilliseconds:
      options.readerPauseMaxMilliseconds ?? RACE_HARNESS_DEFAULTS.readerPauseMaxMilliseconds,
    burstTtlMilliseconds:
      options.burstTtlMilliseconds ?? RACE_HARNESS_DEFAULTS.burstTtlMilliseconds,
    selfCheck: options.selfCheck ?? RACE_HARNESS_DEFAULTS.selfCheck,
    workerPath: options.workerPath,
    onProgress: options.onProgress,
  };
}

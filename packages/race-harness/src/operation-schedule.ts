import { createHash } from 'node:crypto';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

/** How a reader reads. */
export type ReadMethod = 'getOrLoad' | 'getManyOrLoad' | 'store.get' | 'store.getMany';

/** How a writer invalidates after its database write. */
export type InvalidationMethod = 'events' | 'keys' | 'tags' | 'transaction';

/** One read: a cache call, then a check of every value it returned. */
export interface ReadOperation {
  readonly kind: 'read';
  readonly method: ReadMethod;
  /** Item ids read (one for `getOrLoad` / `store.get`), distinct. */
  readonly ids: readonly number[];
  /**
   * `getOrLoad` / `getManyOrLoad` only: tags as an array known up front, or as a
   * function of the loaded value. Stores always compute tags from the value.
   */
  readonly tags: 'array' | 'function';
  /** Read through the `ns` namespace instead of the root cache. */
  readonly namespace: boolean;
  /** `getOrLoad` / `getManyOrLoad` only: `false` passes `burst: false` for this call. */
  readonly burst: boolean;
  /** Pause after the read, in ms. */
  readonly pauseMilliseconds: number;
}

/** One write: a database transaction through the parent, then an invalidation. */
export interface WriteOperation {
  readonly kind: 'write';
  readonly id: number;
  readonly method: InvalidationMethod;
  /** `transaction` only: what the deferred invalidation names. */
  readonly transactionTargets: 'keys' | 'tags';
  /** Pause after the write, in ms. */
  readonly pauseMilliseconds: number;
}

/** The shape of the workload every schedule draws from. */
export interface ScheduleShape {
  readonly items: number;
  readonly readerPauseMaxMilliseconds: number;
  readonly writerPauseMaxMilliseconds: number;
}

const READ_METHODS: readonly ReadMethod[] = [
  'getOrLoad',
  'getManyOrLoad',
  'store.get',
  'store.getMany',
];
const INVALIDATION_METHODS: readonly InvalidationMethod[] = [
  'events',
  'keys',
  'tags',
  'transaction',
];
/** A quarter of the ids get most of the traffic, so operations collide on them. */
const HOT_SHARE = 0.25;
const HOT_PROBABILITY = 0.6;
const MAX_BATCH = 6;

function pickId(random: SeededRandom, items: number): number {
  const hot = Math.max(1, Math.floor(items * HOT_SHARE));
  return random.chance(HOT_PROBABILITY) ? random.integer(1, hot) : random.integer(1, items);
}

function pickIds(random: SeededRandom, items: number, count: number): number[] {
  const ids = new Set<number>();
  while (ids.size < Math.min(count, items)) ids.add(pickId(random, items));
  return [...ids];
}

/** The endless, seeded sequence of operations of one reader loop. */
export function createReaderSchedule(
  seed: number,
  workerIndex: number,
  loop: number,
  shape: ScheduleShape,
): () => ReadOperation {
  const random = createSeededRandom(seed, 'reader', workerIndex, loop);
  return () => {
    const method = random.pick(READ_METHODS);
    const many = method === 'getManyOrLoad' || method === 'store.getMany';
    const ids = pickIds(random, shape.items, many ? random.integer(2, MAX_BATCH) : 1);
    const direct = method === 'getOrLoad' || method === 'getManyOrLoad';
    return {
      kind: 'read',
      method,
      ids,
      tags: direct && random.chance(0.5) ? 'array' : 'function',
      namespace: random.chance(0.3),
      burst: !(direct && random.chance(0.15)),
      pauseMilliseconds: random.integer(0, shape.readerPauseMaxMilliseconds),
    };
  };
}

/** The endless, seeded sequence of operations of one writer loop. */
export function createWriterSchedule(
  seed: number,
  workerIndex: number,
  loop: number,
  shape: ScheduleShape,
): () => WriteOperation {
  const random = createSeededRandom(seed, 'writer', workerIndex, loop);
  return () => ({
    kind: 'write',
    id: pickId(random, shape.items),
    method: random.pick(INVALIDATION_METHODS),
    transactionTargets: random.chance(0.5) ? 'keys' : 'tags',
    pauseMilliseconds: random.integer(0, shape.writerPauseMaxMilliseconds),
  });
}

/** The seeded waits of one load: before it reads the database, and after (holding the rows). */
export interface LoaderDelays {
  readonly beforeMilliseconds: number;
  readonly holdMilliseconds: number;
}

/** How loads wait; see the options of the same names. */
export interface LoaderTiming {
  readonly loaderDelayMaxMilliseconds: number;
  readonly loaderHoldMaxMilliseconds: number;
  readonly slowLoaderProbability: number;
  readonly slowLoaderHoldMaxMilliseconds: number;
}

/** The seeded loader delays of one worker: the n-th load of the worker waits the n-th. */
export function createLoaderDelays(
  seed: number,
  workerIndex: number,
  timing: LoaderTiming,
): () => LoaderDelays {
  const random = createSeededRandom(seed, 'loader', workerIndex);
  return () => {
    const beforeMilliseconds = random.integer(0, timing.loaderDelayMaxMilliseconds);
    const slow = random.chance(timing.slowLoaderProbability);
    const holdMilliseconds = slow
      ? random.integer(timing.loaderHoldMaxMilliseconds, timing.slowLoaderHoldMaxMilliseconds)
      : random.integer(0, timing.loaderHoldMaxMilliseconds);
    return { beforeMilliseconds, holdMilliseconds };
  };
}

/**
 * The seeded failures of one worker's loads: for the n-th load, `undefined` (it
 * succeeds) or how long past its usual delays it waits before it throws, in
 * [0, maximumDelayMilliseconds] (a failure is often a timeout: slow). A stream of
 * its own, so that turning failures on leaves the loader delays (and every other
 * configuration's run) as they were.
 */
export function createLoaderFailures(
  seed: number,
  workerIndex: number,
  probability: number,
  maximumDelayMilliseconds: number,
): () => number | undefined {
  if (probability <= 0) return () => undefined;
  const random = createSeededRandom(seed, 'loader-failure', workerIndex);
  return () =>
    random.chance(probability) ? random.integer(0, maximumDelayMilliseconds) : undefined;
}

/**
 * A digest of the first `count` operations of every loop of a run: two runs with
 * the same seed and shape print the same fingerprint (the same schedule).
 */
export function scheduleFingerprint(
  seed: number,
  shape: ScheduleShape,
  workers: number,
  readersPerWorker: number,
  writersPerWorker: number,
  count = 100,
): string {
  const hash = createHash('sha256');
  for (let worker = 0; worker < workers; worker++) {
    for (let loop = 0; loop < readersPerWorker; loop++) {
      const next = createReaderSchedule(seed, worker, loop, shape);
      for (let index = 0; index < count; index++) hash.update(JSON.stringify(next()));
    }
    for (let loop = 0; loop < writersPerWorker; loop++) {
      const next = createWriterSchedule(seed, worker, loop, shape);
      for (let index = 0; index < count; index++) hash.update(JSON.stringify(next()));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

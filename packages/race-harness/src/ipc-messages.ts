import type { ResilienceOptions } from '@pc/core';
import type { FillerPlan } from './filler-plan.js';
import type { ReadMethod } from './operation-schedule.js';

/** One row of the items table. */
export interface ItemRow {
  readonly id: number;
  readonly version: number;
  readonly tag: string;
}

/** What the caches hold: a row plus the load that produced it. */
export interface ItemValue extends ItemRow {
  readonly producer: { readonly worker: string; readonly load: number };
}

/** Where the workers find the backend. */
export type BackendEndpoint =
  | { readonly kind: 'redis'; readonly url: string }
  | {
      readonly kind: 'redis-cluster';
      readonly nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
    }
  | {
      readonly kind: 'memcached';
      readonly servers: readonly string[];
      /** The servers' `-I`, in bytes (the adapter's `itemSizeBytes`). */
      readonly itemSizeBytes: number | undefined;
    };

/** The calls a worker makes to the parent, with their arguments and results. */
export interface ParentMethods {
  /** Highest version of each id whose invalidation was reported (0: none yet). */
  floors(ids: readonly number[]): number[];
  /**
   * Highest version of each id whose invalidation was reported before `times[i]`
   * (epoch ms) minus a clock margin: the floor a value served at that time must meet.
   */
  floorsAt(ids: readonly number[], times: readonly number[]): number[];
  /** Reads rows from the database (a loader). */
  load(ids: readonly number[]): ItemRow[];
  /** Bumps the version of one row in a database transaction; the committed version. */
  bump(id: number): number;
  /** Reports a committed version whose invalidation has resolved. */
  committed(id: number, version: number): null;
  /** Counts one loader call of the single-flight run; the count so far. */
  countLoad(): number;
}

export type ParentMethodName = keyof ParentMethods;

/**
 * Where a stale value came from. `grace`: the Cache served the call this key's
 * grace value (event `grace` inside the call).
 */
export type StaleSource = 'l1' | 'l2' | 'load' | 'join' | 'grace';

/** One stale read, as a worker reports it. */
export interface StaleReadReport {
  readonly id: number;
  readonly key: string;
  readonly version: number;
  readonly floor: number;
  readonly source: StaleSource;
  readonly method: ReadMethod;
  readonly namespace: boolean;
  /**
   * When the cache call began (epoch ms, sub-ms precision); for a grace value found
   * stale by {@link ParentMethods.floorsAt}, the time its grace read came after.
   */
  readonly readStartedAt: number;
  readonly producer: ItemValue['producer'];
}

/** Counters one worker sends when it stops. */
export interface WorkerStats {
  readCalls: number;
  /** Values checked (one per id read). */
  reads: number;
  readErrors: number;
  /** Reads that returned no value (every id exists). */
  missingValues: number;
  writes: number;
  failedWrites: number;
  loads: number;
  stale: Record<StaleSource, number>;
  l1Hits: number;
  l2Hits: number;
  /** Callers that joined a load in flight (the Cache's `joins` stat). */
  joins: number;
  /** L1 hit events that arrived outside the synchronous part of their call (expected 0). */
  asynchronousL1Hits: number;
  backendErrors: number;
  busErrors: number;
  busGaps: number;
  /** Keys of `grace` events, by reason (values the Cache served from grace). */
  graceError: number;
  graceSoftTimeout: number;
  graceBackoff: number;
  /** Values checked that a read got from grace (the key was in a `grace` event of its call). */
  graceReads: number;
  /** Of those, the ones served for a failed load (reason `error`). */
  graceErrorReads: number;
  /** `early-refresh` events (refreshes this process won the lease for). */
  earlyRefreshes: number;
  /** Loads that threw on purpose (`failingLoaderProbability`). */
  failedLoads: number;
  /** The filler's junk writes. */
  fillerWrites: number;
  fillerErrors: number;
  /** First few error messages, for the report. */
  errorSamples: string[];
}

export function emptyWorkerStats(): WorkerStats {
  return {
    readCalls: 0,
    reads: 0,
    readErrors: 0,
    missingValues: 0,
    writes: 0,
    failedWrites: 0,
    loads: 0,
    stale: { l1: 0, l2: 0, load: 0, join: 0, grace: 0 },
    l1Hits: 0,
    l2Hits: 0,
    joins: 0,
    graceError: 0,
    graceSoftTimeout: 0,
    graceBackoff: 0,
    graceReads: 0,
    graceErrorReads: 0,
    earlyRefreshes: 0,
    failedLoads: 0,
    asynchronousL1Hits: 0,
    backendErrors: 0,
    busErrors: 0,
    busGaps: 0,
    fillerWrites: 0,
    fillerErrors: 0,
    errorSamples: [],
  };
}

/** What a worker does. */
export type WorkerRole = 'race' | 'filler' | 'single-flight';

/** The first message a worker gets: everything it needs. */
export interface WorkerInit {
  readonly type: 'init';
  readonly role: WorkerRole;
  readonly workerId: string;
  readonly workerIndex: number;
  readonly seed: number;
  readonly backend: BackendEndpoint;
  /** Adapter namespace shared by the workers (and the filler's own, apart from it). */
  readonly namespace: string;
  readonly l1: boolean;
  readonly bus: boolean;
  readonly busChannel: string;
  readonly burstTtlMilliseconds: number;
  readonly items: number;
  readonly groups: number;
  readonly readers: number;
  readonly writers: number;
  readonly loaderDelayMaxMilliseconds: number;
  readonly loaderHoldMaxMilliseconds: number;
  readonly slowLoaderProbability: number;
  readonly slowLoaderHoldMaxMilliseconds: number;
  readonly readerPauseMaxMilliseconds: number;
  readonly writerPauseMaxMilliseconds: number;
  /** The caches' `defaultTtlMilliseconds` (see `RaceConfiguration.ttlMilliseconds`). */
  readonly ttlMilliseconds?: number;
  /** The caches' resilience options (see `RaceConfiguration.resilience`). */
  readonly resilience?: ResilienceOptions;
  /** Share of loads that throw (see `RaceConfiguration.failingLoaderProbability`). */
  readonly failingLoaderProbability?: number;
  /** Writers report before invalidating (see `RaceHarnessOptions.selfCheck`): in ms, or 0. */
  readonly earlyReportMilliseconds: number;
  readonly filler?: FillerPlan;
  readonly singleFlight?: {
    readonly key: string;
    readonly calls: number;
    readonly loaderMilliseconds: number;
  };
}

/** Messages from the parent to a worker. */
export type ParentMessage =
  | WorkerInit
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: string;
    };

/** Messages from a worker to the parent. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly l1MarkerVerified: boolean | undefined }
  | {
      readonly type: 'call';
      readonly id: number;
      readonly method: ParentMethodName;
      readonly args: readonly unknown[];
    }
  | { readonly type: 'stale'; readonly report: StaleReadReport }
  | { readonly type: 'done'; readonly stats: WorkerStats; readonly values?: readonly unknown[] }
  | { readonly type: 'fatal'; readonly message: string };

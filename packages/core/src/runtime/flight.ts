import type { CachedValue } from '../burst/cached-value.js';
import type { DecodedValue } from '../entries/entry-decoding.js';
import { TAG_EPOCH_KEY } from '../entries/reserved-keys.js';
import { FenceLog } from './fence-log.js';

/** The tag versions (and tag epoch) a lease holder read before its load began. */
export interface LoadFence {
  readonly versions: ReadonlyMap<string, string>;
  /** The tag epoch, for values whose tags are computed from them. */
  readonly epoch: string | undefined;
}

/**
 * One key being resolved by this process: its L2 slot is read, then it either
 * hits, or holds a lease and loads, or waits for another holder's fill.
 *
 * Who may share a flight's result (so that no load begun before an invalidation
 * reaches a caller who arrived after it):
 * - while its L2 read has not been sent (`FlightTable.open`), anyone: the read
 *   happens after they arrived;
 * - afterwards, only a caller whose own L2 read, sent after it arrived, found this
 *   flight's lease token still in the slot (`FlightTable.withLease`): no key
 *   invalidation, in any process, has completed since the lease was taken; and,
 *   for a flight that loads, the same versions of its tags (and tag epoch) as it
 *   read before loading (`joinableWith`): no tag invalidation either.
 * Local invalidations only keep a flight from filling (`canFill`); whom it may
 * serve is decided by what the caller's read proves, never by timing.
 */
export class Flight {
  /** The user key (what loaders get). */
  readonly key: string;
  readonly adapterKey: string;
  /** Tag keys known before the load (argument tags and namespace tags). */
  readonly tagKeys: readonly string[];
  /** The value's tags are computed from it: any tag invalidation may concern it. */
  readonly dynamicTags: boolean;
  /** Position in the call that started it (loaders get keys in input order). */
  readonly order: number;
  /** The lease token this flight holds or waits for; `undefined` before the read. */
  lease: string | undefined;
  /** When this flight began waiting for another holder's fill (ms epoch). */
  waitingSince: number | undefined;
  /** For a lease holder: what it read before loading; `undefined` for a waiter. */
  loadFence: LoadFence | undefined;
  /** Its slot was read at least once (whether it may have a grace value is known). */
  slotRead = false;
  /**
   * What its last slot read found to serve from grace (a valid value past its TTL,
   * or the value a lease carries), when the call allows grace.
   */
  graceValue: DecodedValue | undefined;
  /** When the load this flight waits for began (ms epoch), once known. */
  loadStartedAt: number | undefined;
  /** `pending` until settled; then `value` or `error` holds the outcome. */
  state: 'pending' | 'resolved' | 'failed' = 'pending';
  value: CachedValue | undefined;
  error: unknown;
  readonly #log: FenceLog;
  /** The fence log's generation when the flight started. */
  readonly #since: number;
  #promise: Promise<CachedValue | undefined> | undefined;
  #resolve: ((value: CachedValue | undefined) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(
    log: FenceLog,
    key: string,
    adapterKey: string,
    tagKeys: readonly string[],
    dynamicTags: boolean,
    order: number,
  ) {
    this.#log = log;
    this.#since = log.generation;
    this.key = key;
    this.adapterKey = adapterKey;
    this.tagKeys = tagKeys;
    this.dynamicTags = dynamicTags;
    this.order = order;
  }

  /**
   * The flight's result for callers that share it. Made on first use, so a
   * flight nobody joins allocates no promise.
   */
  get promise(): Promise<CachedValue | undefined> {
    if (this.#promise !== undefined) return this.#promise;
    if (this.state === 'resolved') this.#promise = Promise.resolve(this.value);
    else if (this.state === 'failed') this.#promise = Promise.reject(this.error);
    else {
      this.#promise = new Promise((resolve, reject) => {
        this.#resolve = resolve;
        this.#reject = reject;
      });
    }
    // Joiners attach their own handlers; an unjoined rejection is not "unhandled".
    this.#promise.catch(() => {});
    return this.#promise;
  }

  /** @internal `FlightTable.settle` */
  resolveWith(value: CachedValue | undefined): void {
    if (this.state !== 'pending') return;
    this.state = 'resolved';
    this.value = value;
    this.#resolve?.(value);
  }

  /** @internal `FlightTable.fail` */
  rejectWith(error: unknown): void {
    if (this.state !== 'pending') return;
    this.state = 'failed';
    this.error = error;
    this.#reject?.(error);
  }

  /**
   * `true` when a caller whose slot read found this flight's lease and `records`
   * (tag versions and epoch read in the same round trip) may share its result.
   * `versionsKept`: `false` for a native tag index, where only this process's
   * fences tell whether a tag was invalidated.
   */
  joinableWith(records: ReadonlyMap<string, string | undefined>, versionsKept: boolean): boolean {
    const fence = this.loadFence;
    if (fence === undefined) return true;
    if (!versionsKept) {
      return !this.#log.touchedSince(this.#since, this.adapterKey, this.tagKeys, this.dynamicTags);
    }
    for (const tagKey of this.tagKeys) {
      if (!records.has(tagKey) || records.get(tagKey) !== fence.versions.get(tagKey)) return false;
    }
    return !this.dynamicTags || records.get(TAG_EPOCH_KEY) === fence.epoch;
  }

  /**
   * `true` when this flight may fill L1/L2 with a value tied to `tagKeys`: no
   * invalidation of this process (local, committed, retried or from the bus) has
   * touched its key or those tags since it started.
   */
  canFill(tagKeys: readonly string[]): boolean {
    return !this.#log.touchedSince(this.#since, this.adapterKey, tagKeys, false);
  }
}

/** What `FlightTable.afterTick` runs: `send` must not throw. */
export interface TickEndSender {
  send(): void;
}

/**
 * The flights of one root cache, and the in-process half of the fences: an
 * invalidation (local, deferred at commit, retried, or from the bus) is recorded
 * in the fence log when it starts and again when it has completed, so a flight
 * overlapping it in any way fills no layer.
 *
 * Nothing is registered per flight on a hit: flights whose read is not sent yet
 * live in a map of the current tick, dropped whole once the tick's reads go out;
 * only flights holding or waiting for a lease are kept by key.
 */
export class FlightTable {
  readonly #log = new FenceLog();
  /** Shared flights started in this tick: their L2 read is not sent yet. */
  #started: Flight[] | undefined;
  /**
   * `#started` by adapter key, made on the first lookup of the tick (a tick whose
   * calls nobody joins hashes no key); `#indexed` of them are in it.
   */
  #open: Map<string, Flight> | undefined;
  #indexed = 0;
  /** What runs at the end of this tick, once its open flights are closed (see `afterTick`). */
  #queued: TickEndSender[] | undefined;
  readonly #endTick = (): void => {
    this.#started = undefined;
    this.#open = undefined;
    this.#indexed = 0;
    const queued = this.#queued;
    this.#queued = undefined;
    if (queued !== undefined) for (const sender of queued) sender.send();
  };
  /** Flights holding or waiting for a lease, by adapter key. */
  readonly #leased = new Map<string, Flight>();

  /** The flight of `adapterKey` whose read is not sent yet, if any. */
  open(adapterKey: string): Flight | undefined {
    const started = this.#started;
    if (started === undefined) return undefined;
    this.#open ??= new Map();
    const open = this.#open;
    // In start order: a later flight of a key replaces an earlier one.
    for (; this.#indexed < started.length; this.#indexed++) {
      const flight = started[this.#indexed]!;
      open.set(flight.adapterKey, flight);
    }
    return open.get(adapterKey);
  }

  /** `true` when a flight of this tick could be joined (`open` may find one). */
  get anyOpen(): boolean {
    return this.#started !== undefined;
  }

  /** The flight of `adapterKey` holding or waiting for lease `token`, if any. */
  withLease(adapterKey: string, token: string): Flight | undefined {
    const flight = this.#leased.get(adapterKey);
    return flight?.lease === token ? flight : undefined;
  }

  /**
   * A new flight; `shared: false` keeps it private (transactions, pending
   * invalidations). A shared flight can be joined until the end of this tick:
   * its read is sent after that (`afterTick`).
   */
  start(
    key: string,
    adapterKey: string,
    tagKeys: readonly string[],
    dynamicTags: boolean,
    shared: boolean,
    order: number,
  ): Flight {
    const flight = new Flight(this.#log, key, adapterKey, tagKeys, dynamicTags, order);
    if (shared) {
      this.#queueTickEnd();
      this.#started ??= [];
      this.#started.push(flight);
    }
    return flight;
  }

  /**
   * Calls `sender.send()` at the end of this tick, after the flights started in
   * it stopped being joinable: a read sent there is sent after every caller that
   * joined them arrived. One microtask per tick for every call in it.
   */
  afterTick(sender: TickEndSender): void {
    this.#queueTickEnd();
    this.#queued ??= [];
    this.#queued.push(sender);
  }

  /** The flight holds or waits for lease `token`; callers that see it may join. */
  lease(flight: Flight, token: string, shared: boolean): void {
    flight.lease = token;
    if (shared && flight.state === 'pending') this.#leased.set(flight.adapterKey, flight);
  }

  /** Settles a flight with its value. */
  settle(flight: Flight, value: CachedValue | undefined): void {
    this.#release(flight);
    flight.resolveWith(value);
  }

  /** Settles a flight with an error for its callers. */
  fail(flight: Flight, error: unknown): void {
    this.#release(flight);
    flight.rejectWith(error);
  }

  /**
   * Records an invalidation of `adapterKeys` and `tagKeys` (`all`: everything, for
   * a clear or a bus gap): flights running now will not fill what it touches.
   */
  fence(adapterKeys: ReadonlySet<string>, tagKeys: ReadonlySet<string>, all: boolean): void {
    this.#log.record(adapterKeys, tagKeys, all);
  }

  #release(flight: Flight): void {
    if (flight.lease !== undefined && this.#leased.get(flight.adapterKey) === flight) {
      this.#leased.delete(flight.adapterKey);
    }
  }

  /** Queues `#endTick` unless this tick has already started a flight or queued a sender. */
  #queueTickEnd(): void {
    if (this.#started !== undefined || this.#queued !== undefined) return;
    // A resolved promise's callback costs less than queueMicrotask, which makes an
    // AsyncResource per call in Node.
    void Promise.resolve().then(this.#endTick);
  }
}

import type { CachedValue } from '../burst/cached-value.js';
import type { CacheRuntime } from './cache-runtime.js';
import { startEarlyRefreshes } from './early-refresh.js';
import type { Flight, TickEndSender } from './flight.js';
import { countL1Miss, readL1 } from './l1-stage.js';
import { type RoundListener, runRound } from './lease-stage.js';
import { ReadBatch } from './read-batch.js';
import type { Loader, ReadContext, ReadKeys, ReadPlan } from './read-plan.js';
import { answerWithin } from './timeout-stage.js';

/** Shapes a call's cached values (one per key, in order) into its result. */
type Finish<R> = (results: Array<CachedValue | undefined>) => R;

/**
 * The read-through path of `getOrLoad` / `getManyOrLoad`: L1, then flights of
 * this process whose L2 read has not been sent (joined for free), then one round
 * for the rest, sent at the end of the tick: one L2 read, leases for the misses,
 * one loader call, one conditional write (see `runRound`).
 *
 * Not `async`: a call whose round is all hits costs the tick's microtask, the
 * adapter's promise and the one this returns, which `finish` shapes in place.
 * @param keys unique keys.
 */
export function readThrough<R>(
  runtime: CacheRuntime,
  context: ReadContext,
  keys: ReadKeys,
  load: Loader,
  plan: ReadPlan,
  finish: Finish<R>,
): Promise<R> {
  const call = new ReadCall(new ReadBatch(runtime, context, plan, load), keys, finish);
  return call.answer();
}

/**
 * One read-through call: what L1 answered, the flight answering each other key
 * (its own, or one it joined), the round it sends at the end of the tick, and
 * the answer once that round ends (it is the round's listener).
 */
class ReadCall<R> implements TickEndSender, RoundListener {
  readonly #batch: ReadBatch;
  readonly #finish: Finish<R>;
  /** The value of each key found in L1. */
  readonly #results: Array<CachedValue | undefined>;
  /** The flight that answers each key, when L1 did not. */
  readonly #answers: Array<Flight | undefined>;
  /** Flights this call started, resolved through the cache. */
  readonly #own: Flight[] = [];
  /** Flights this call started that bypass the cache (their keys are blocked). */
  readonly #uncached: Flight[] = [];
  /** When the call began, if it has a soft or hard timeout. */
  #timedFrom: number | undefined;
  #resolve: ((result: R | Promise<R>) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(batch: ReadBatch, { keys, adapterKeys }: ReadKeys, finish: Finish<R>) {
    this.#batch = batch;
    this.#finish = finish;
    this.#results = new Array<CachedValue | undefined>(keys.length);
    this.#answers = new Array<Flight | undefined>(keys.length);
    const { runtime, context, plan } = batch;
    const { flights } = runtime;
    const dynamicTags = plan.tagFunction !== undefined;
    const shared = batch.shared;
    // The keys are unique: only flights of other calls in this tick can be joined.
    const joinable = shared && flights.anyOpen;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const adapterKey = adapterKeys[index]!;
      if (batch.blocks(adapterKey, plan.staticTagKeys)) {
        const flight = flights.start(
          key,
          adapterKey,
          plan.staticTagKeys,
          dynamicTags,
          false,
          index,
        );
        this.#uncached.push(flight);
        this.#answers[index] = flight;
        continue;
      }
      if (batch.burst !== false) {
        const hit = readL1(runtime, context, key, adapterKey, batch.blocker);
        if (hit !== undefined) {
          this.#results[index] = hit;
          continue;
        }
      }
      const open = joinable ? flights.open(adapterKey) : undefined;
      if (open !== undefined) {
        context.counters.joins++;
        this.#answers[index] = open;
        continue;
      }
      const flight = flights.start(key, adapterKey, plan.staticTagKeys, dynamicTags, shared, index);
      this.#own.push(flight);
      this.#answers[index] = flight;
    }
  }

  /** The call's result: at once from L1 and joins, or once its round has ended. */
  answer(): Promise<R> {
    const batch = this.#batch;
    const { softTimeoutMilliseconds, hardTimeoutMilliseconds } = batch.plan.resilience;
    const timed = softTimeoutMilliseconds !== undefined || hardTimeoutMilliseconds !== undefined;
    if (this.#own.length === 0 && this.#uncached.length === 0) {
      if (timed && this.#answers.some((flight) => flight !== undefined)) {
        return answerWithin(batch, this.#answers, this.#results, Date.now(), false).then(
          this.#finish,
        );
      }
      try {
        return Promise.resolve(this.#deliver());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (timed) this.#timedFrom = Date.now();
    return new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      // Callers arriving in this same tick join these flights: the read is sent
      // after they arrived.
      batch.runtime.flights.afterTick(this);
    });
  }

  /** Starts the round (`FlightTable.afterTick`). */
  send(): void {
    const startedAt = this.#timedFrom;
    if (startedAt === undefined) {
      runRound(this.#batch, this.#own, this.#uncached, 0, this);
      return;
    }
    // With a timeout, the round goes on after a timeout answered: its failure is its flights'.
    runRound(this.#batch, this.#own, this.#uncached, 0, {
      settled: () => startEarlyRefreshes(this.#batch),
      failed: (error) => this.#failFlights(error),
    });
    const answering = answerWithin(this.#batch, this.#answers, this.#results, startedAt, true);
    this.#resolve!(answering.then(this.#finish));
  }

  settled(): void {
    startEarlyRefreshes(this.#batch);
    try {
      this.#resolve!(this.#deliver());
    } catch (error) {
      this.#reject!(error);
    }
  }

  failed(error: unknown): void {
    this.#failFlights(error);
    this.#reject!(error);
  }

  /**
   * `finish` of the results once every flight answering the call is settled:
   * a value when they are now, else a promise.
   * @throws the error of a flight that failed.
   */
  #deliver(): R | Promise<R> {
    const answers = this.#answers;
    const results = this.#results;
    for (let index = 0; index < answers.length; index++) {
      const flight = answers[index];
      if (flight === undefined) continue;
      // Own flights are settled by now, but those that follow another one.
      if (flight.state === 'pending') return flight.promise.then(() => this.#deliver());
      if (flight.state === 'failed') throw flight.error;
      results[index] = flight.value;
    }
    return this.#finish(results);
  }

  #failFlights(error: unknown): void {
    const { flights } = this.#batch.runtime;
    for (const flight of this.#own) flights.fail(flight, error);
    for (const flight of this.#uncached) flights.fail(flight, error);
  }
}

/**
 * `readThrough` of one key whose flight is still open (its L2 read not sent),
 * without the batch bookkeeping: the flight's promise, counted as `readThrough`
 * counts a join; `undefined` when the general path must run.
 * `l1Missed`: the caller has just missed L1 for this key (counted here).
 */
export function joinOpenFlight(
  runtime: CacheRuntime,
  context: ReadContext,
  key: string,
  adapterKey: string,
  plan: ReadPlan,
  l1Missed: boolean,
): Promise<CachedValue | undefined> | undefined {
  if (runtime.maybeBlocked) return undefined;
  const { softTimeoutMilliseconds, hardTimeoutMilliseconds } = plan.resilience;
  // Timeouts need the general path (`answerWithin`).
  if (softTimeoutMilliseconds !== undefined || hardTimeoutMilliseconds !== undefined)
    return undefined;
  const open = runtime.flights.open(adapterKey);
  if (open === undefined) return undefined;
  if (runtime.l1 !== undefined && plan.burst !== false) {
    if (!l1Missed) return undefined;
    countL1Miss(runtime, context, key);
  }
  context.counters.joins++;
  return open.promise;
}

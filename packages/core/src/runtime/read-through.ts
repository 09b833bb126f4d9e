import type { CachedValue } from '../burst/cached-value.js';
import type { CacheRuntime } from './cache-runtime.js';
import { startEarlyRefreshes } from './early-refresh.js';
import type { Flight } from './flight.js';
import { countL1Miss, readL1 } from './l1-stage.js';
import { resolveRound } from './lease-stage.js';
import { ReadBatch } from './read-batch.js';
import type { Loader, ReadContext, ReadPlan, ReadRequest } from './read-plan.js';
import { answerWithin } from './timeout-stage.js';

/**
 * The read-through path of `getOrLoad` / `getManyOrLoad`: L1, then flights of
 * this process whose L2 read has not been sent (joined for free), then one round
 * for the rest: one L2 read, leases for the misses, one loader call, one
 * conditional write (see `resolveRound`).
 * @returns one cached value (or `undefined`) per request, in order.
 */
export async function readThrough(
  runtime: CacheRuntime,
  context: ReadContext,
  requests: readonly ReadRequest[],
  load: Loader,
  plan: ReadPlan,
): Promise<Array<CachedValue | undefined>> {
  const batch = new ReadBatch(runtime, context, plan, load);
  const { counters } = context;
  const results = new Array<CachedValue | undefined>(requests.length);
  /** The flight that answers each request, when L1 did not. */
  const answers = new Array<Flight | undefined>(requests.length);
  const own: Flight[] = [];
  const uncached: Flight[] = [];
  const dynamicTags = plan.tagFunction !== undefined;
  const flights = runtime.flights;

  for (let index = 0; index < requests.length; index++) {
    const { key, adapterKey } = requests[index]!;
    if (batch.blocks(adapterKey, plan.staticTagKeys)) {
      const flight = flights.start(key, adapterKey, plan.staticTagKeys, dynamicTags, false, index);
      uncached.push(flight);
      answers[index] = flight;
      continue;
    }
    if (batch.burst !== false) {
      const hit = readL1(runtime, context, key, adapterKey, batch.blocker);
      if (hit !== undefined) {
        results[index] = hit;
        continue;
      }
    }
    const open = batch.shared ? flights.open(adapterKey) : undefined;
    if (open !== undefined) {
      counters.joins++;
      answers[index] = open;
      continue;
    }
    const flight = flights.start(
      key,
      adapterKey,
      plan.staticTagKeys,
      dynamicTags,
      batch.shared,
      index,
    );
    own.push(flight);
    answers[index] = flight;
  }

  const { softTimeoutMilliseconds, hardTimeoutMilliseconds } = plan.resilience;
  const timed = softTimeoutMilliseconds !== undefined || hardTimeoutMilliseconds !== undefined;
  if (own.length > 0 || uncached.length > 0) {
    const startedAt = timed ? Date.now() : 0;
    // Callers arriving in this same tick join these flights: their read is sent
    // after they arrived.
    await Promise.resolve();
    const failAll = (error: unknown) => {
      for (const flight of [...own, ...uncached]) flights.fail(flight, error);
      throw error;
    };
    if (timed) {
      // The round goes on after a timeout answered: its failure is its flights'.
      resolveRound(batch, own, uncached, 0)
        .then(() => startEarlyRefreshes(batch), failAll)
        .catch(() => {});
      return answerWithin(batch, answers, results, startedAt, true);
    }
    try {
      await resolveRound(batch, own, uncached, 0);
    } catch (error) {
      failAll(error);
    }
    startEarlyRefreshes(batch);
  } else if (timed && answers.some((flight) => flight !== undefined)) {
    return answerWithin(batch, answers, results, Date.now(), false);
  }
  for (let index = 0; index < answers.length; index++) {
    const flight = answers[index];
    if (flight === undefined) continue;
    // Own flights are settled by now, but those that follow another one.
    if (flight.state === 'pending') await flight.promise;
    if (flight.state === 'failed') throw flight.error;
    results[index] = flight.value;
  }
  return results;
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

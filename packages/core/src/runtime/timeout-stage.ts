import { CachedValue } from '../burst/cached-value.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { Flight } from './flight.js';
import { graceAllowed, readGrace, reportGrace } from './grace-stage.js';
import type { ReadBatch } from './read-batch.js';

const TIMED_OUT = Symbol('timed out');

/**
 * The end of a read-through call with a soft and/or hard timeout
 * (`softTimeoutMilliseconds`, `hardTimeoutMilliseconds`, counted from
 * `startedAt`, the call's start). Flights that are still pending when the soft
 * timeout passes are answered from grace where their slot (read again now) has a
 * grace value; the others, and every flight once the hard timeout passes, keep
 * waiting or reject with `TimeoutError`. The loads go on in the background either
 * way and fill the cache as usual (fenced like any fill).
 *
 * @param answers the flight answering each request (`undefined`: answered in `results`).
 * @param results the values found so far, completed in place.
 */
export async function answerWithin(
  batch: ReadBatch,
  answers: Array<Flight | undefined>,
  results: Array<CachedValue | undefined>,
  startedAt: number,
  hasRound: boolean,
): Promise<Array<CachedValue | undefined>> {
  const { softTimeoutMilliseconds: soft, hardTimeoutMilliseconds: hard } = batch.plan.resilience;
  const hardAt = hard === undefined ? undefined : startedAt + hard;
  if (soft !== undefined && graceAllowed(batch)) {
    // Whether a flight has a grace value, and since when its load runs, is known
    // once its slot was read.
    if (hasRound) {
      const classified = Promise.race([settled(answers).catch(() => {}), batch.firstRead]);
      if ((await within(classified, hardAt)) === TIMED_OUT) throw timeoutError(batch, hard!);
    }
    // Loads already running for longer than the soft timeout (another caller's):
    // the grace value this call's own read found, sent after the call began (as
    // safe as any hit).
    answerFromRead(batch, answers, results, startedAt, soft);
    if (
      answers.some((flight) => flight?.state === 'pending') &&
      (await within(settled(answers), startedAt + soft)) === TIMED_OUT
    ) {
      // Waited: the grace value is read again now, so nothing invalidated meanwhile is served.
      await answerFromGrace(batch, answers, results);
    }
  }
  if ((await within(settled(answers), hardAt)) === TIMED_OUT) throw timeoutError(batch, hard!);
  for (let index = 0; index < answers.length; index++) {
    const flight = answers[index];
    if (flight === undefined) continue;
    if (flight.state === 'failed') throw flight.error;
    results[index] = flight.value;
  }
  return results;
}

/**
 * Answers each pending flight whose load began at least `soft` ms ago with the
 * grace value its slot read found (and takes it out of `answers`).
 */
function answerFromRead(
  batch: ReadBatch,
  answers: Array<Flight | undefined>,
  results: Array<CachedValue | undefined>,
  startedAt: number,
  soft: number,
): void {
  const now = Date.now();
  const keys: string[] = [];
  answers.forEach((flight, index) => {
    if (flight?.state !== 'pending' || flight.graceValue === undefined) return;
    if ((flight.loadStartedAt ?? startedAt) + soft > now) return;
    try {
      results[index] = CachedValue.fromBody(flight.graceValue.body, batch.burst !== false);
    } catch {
      return;
    }
    keys.push(flight.key);
    answers[index] = undefined;
  });
  reportGrace(batch, keys, 'soft-timeout');
}

/** Answers each pending flight that has a grace value with it (and takes it out of `answers`). */
async function answerFromGrace(
  batch: ReadBatch,
  answers: Array<Flight | undefined>,
  results: Array<CachedValue | undefined>,
): Promise<void> {
  const positions: number[] = [];
  answers.forEach((flight, index) => {
    if (flight?.state === 'pending' && (flight.graceValue !== undefined || !flight.slotRead))
      positions.push(index);
  });
  if (positions.length === 0) return;
  const graced = await readGrace(
    batch,
    positions.map((index) => answers[index]!),
  );
  const keys: string[] = [];
  positions.forEach((index, position) => {
    const value = graced[position];
    // Settled meanwhile: its own outcome wins.
    if (value === undefined || answers[index]!.state !== 'pending') return;
    keys.push(answers[index]!.key);
    results[index] = value;
    answers[index] = undefined;
  });
  reportGrace(batch, keys, 'soft-timeout');
}

/** Resolves once every flight of `answers` settled; rejects with the first failure. */
function settled(answers: ReadonlyArray<Flight | undefined>): Promise<unknown> {
  const pending: Array<Promise<unknown>> = [];
  for (const flight of answers) {
    if (flight === undefined) continue;
    if (flight.state === 'failed') return Promise.reject(flight.error);
    if (flight.state === 'pending') pending.push(flight.promise);
  }
  return pending.length === 0 ? Promise.resolve() : Promise.all(pending);
}

/** `promise`'s outcome, or `TIMED_OUT` once `deadline` (ms epoch) has passed first. */
function within<T>(
  promise: Promise<T>,
  deadline: number | undefined,
): Promise<T | typeof TIMED_OUT> {
  if (deadline === undefined) return promise;
  const delay = deadline - Date.now();
  // Passed already: no timer (a zero timeout answers as soon as what it waits for is known).
  if (delay <= 0) return Promise.race([promise, Promise.resolve(TIMED_OUT)]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, delay, TIMED_OUT);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function timeoutError(batch: ReadBatch, hard: number): TimeoutError {
  const where = batch.context.namespace === '' ? '' : ` in namespace "${batch.context.namespace}"`;
  return new TimeoutError(
    `[pc:cache] a read-through call${where} took longer than hardTimeoutMilliseconds (${hard} ms); its load goes on in the background and fills the cache if it succeeds`,
  );
}

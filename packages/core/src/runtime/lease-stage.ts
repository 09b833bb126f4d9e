import { CachedValue } from '../burst/cached-value.js';
import { type DecodedValue, isFresh } from '../entries/entry-decoding.js';
import { ClosedError } from '../errors/closed-error.js';
import type { Flight } from './flight.js';
import { graceAllowed, graceValueOf, reportGrace } from './grace-stage.js';
import { fillL1 } from './l1-stage.js';
import { type Acquisition, acquire, carriedOf } from './lease-acquisition.js';
import { loadAndFill } from './load-stage.js';
import type { ReadBatch } from './read-batch.js';
import { readSlotsThen, type SlotRead } from './slot-stage.js';

/** Longest pause between two reads of a slot another process holds a lease on. */
const MAX_POLL_MILLISECONDS = 50;
/** Rounds after which a flight stops contending for the slot and loads uncached. */
const MAX_ROUNDS = 200;

/**
 * Resolves flights from their L2 slots, one round per call (and per wait):
 * - a valid value is a hit;
 * - a lease this process holds or waits for: the flight follows that one;
 * - another process's lease: the flight waits and reads again (taking over
 *   once `leaseWaitMilliseconds` have passed);
 * - nothing (or something unreadable): the flight takes a lease with a
 *   conditional write and loads; a lost race for the lease means read again;
 * - a value past its TTL (kept for grace): as nothing, but the lease carries the
 *   value, so that it can be served while the load is slow or failed, and put
 *   back if the load fails; a key backing off after a failed load is served from
 *   grace at once;
 * - a lease carrying a fresh value (an early refresh runs): that value is a hit.
 * `uncached` flights load without a lease and store nothing (bypassed keys, and
 * every key when L2 fails: reads fail open). One loader call per round.
 */
export function resolveRound(
  batch: ReadBatch,
  flights: Flight[],
  uncached: Flight[],
  attempt: number,
): Promise<void> {
  return new Promise((settled, failed) => {
    runRound(batch, flights, uncached, attempt, { settled, failed });
  });
}

/** Who hears of a round's end: exactly one of the two is called, once; neither may throw. */
export interface RoundListener {
  /** Every flight of the round is settled. */
  settled(): void;
  /** The round could not go on (e.g. the adapter was disposed): its flights are not settled. */
  failed(error: unknown): void;
}

/**
 * `resolveRound` reporting to `listener`, called in the same callback as the
 * round's last step (an all-hit round: the adapter read's), so its end costs no
 * promise of its own.
 */
export function runRound(
  batch: ReadBatch,
  flights: Flight[],
  uncached: Flight[],
  attempt: number,
  listener: RoundListener,
): void {
  if (flights.length === 0) {
    endRound(batch, flights, uncached, attempt, undefined, listener);
    return;
  }
  readSlotsThen(
    batch,
    flights,
    (read) => endRound(batch, flights, uncached, attempt, read, listener),
    (error: unknown) => {
      try {
        failOpen(batch, flights, uncached, error);
      } catch (failure) {
        listener.failed(failure);
        return;
      }
      endRound(batch, flights, uncached, attempt, undefined, listener);
    },
  );
}

/** `settleRead`, then the listener: at once when nothing is left, else after the rest. */
function endRound(
  batch: ReadBatch,
  flights: Flight[],
  uncached: Flight[],
  attempt: number,
  read: SlotRead | undefined,
  listener: RoundListener,
): void {
  let rest: Promise<void> | undefined;
  try {
    rest = settleRead(batch, flights, uncached, attempt, read);
  } catch (error) {
    listener.failed(error);
    return;
  }
  if (rest === undefined) listener.settled();
  else {
    rest.then(
      () => listener.settled(),
      (error: unknown) => listener.failed(error),
    );
  }
}

/**
 * A failed slot read: the flights load uncached (reads fail open), unless the
 * adapter was disposed, which is a programming error, not an outage: thrown.
 */
export function failOpen(
  batch: ReadBatch,
  flights: readonly Flight[],
  uncached: Flight[],
  error: unknown,
): void {
  if (ClosedError.isInstance(error)) throw closedAdapter(error);
  batch.context.counters.l2Errors++;
  batch.runtime.backendError('read', error);
  uncached.push(...flights);
}

/**
 * The rest of a round once its slot read is in (`read`: `undefined` when it
 * failed): hits are settled here, synchronously.
 * @returns `undefined` when every flight is settled (an all-hit round: no more
 *   awaits), or the promise of the leases, loads and waits the others need.
 */
export function settleRead(
  batch: ReadBatch,
  flights: Flight[],
  uncached: Flight[],
  attempt: number,
  read: SlotRead | undefined,
): Promise<void> | undefined {
  const { runtime, context } = batch;
  const { counters } = context;
  // Made on first use: an all-hit round (the common case) allocates none of them.
  let waiting: Flight[] | undefined;
  let acquisitions: Acquisition[] | undefined;
  let backoffServed: string[] | undefined;
  const now = Date.now();
  const grace = graceAllowed(batch);
  for (let position = 0; read !== undefined && position < flights.length; position++) {
    const flight = flights[position]!;
    const found = read.slots[position]!;
    flight.slotRead = true;
    const slot =
      found.kind === 'lease' && found.carried !== undefined && isFresh(found.carried, now)
        ? found.carried
        : found;
    let hit: CachedValue | undefined;
    let corrupt = slot.kind === 'unreadable' && slot.reason === 'corrupt';
    /** A valid value past its TTL, kept in L2 for grace. */
    let stale: DecodedValue | undefined;
    if (slot.kind === 'value' && !batch.blocks(flight.adapterKey, slot.tagKeys)) {
      if (!isFresh(slot, now)) stale = slot;
      else {
        try {
          hit = CachedValue.fromBody(slot.body, batch.burst !== false);
        } catch {
          // A body that does not decode is corrupt: replaced through a lease below.
          corrupt = true;
        }
      }
    }
    if (attempt === 0) countSlotRead(batch, flight, hit !== undefined, corrupt);
    if (hit !== undefined && slot.kind === 'value') {
      settleHit(batch, flight, hit, slot, now);
      continue;
    }
    // Not a hit: whatever valid value the slot holds (stale, or carried by a lease).
    flight.graceValue =
      grace && !corrupt ? graceValueOf(batch, flight.adapterKey, found) : undefined;
    if (flight.graceValue !== undefined) {
      if (runtime.graceBackoff.active(flight.adapterKey, now)) {
        try {
          runtime.flights.settle(
            flight,
            CachedValue.fromBody(flight.graceValue.body, batch.burst !== false),
          );
          backoffServed ??= [];
          backoffServed.push(flight.key);
          continue;
        } catch {
          // Does not decode: load as on a miss.
        }
      }
    }
    if (
      batch.inTransaction ||
      (slot.kind === 'value' && batch.blocks(flight.adapterKey, slot.tagKeys)) ||
      attempt >= MAX_ROUNDS
    ) {
      // No leases inside a transaction; a blocked value is read from the loader;
      // a slot that keeps changing under this call is not worth more rounds.
      uncached.push(flight);
    } else if (slot.kind === 'lease') {
      const holder = batch.shared
        ? runtime.flights.withLease(flight.adapterKey, slot.token)
        : undefined;
      if (
        holder !== undefined &&
        holder !== flight &&
        holder.joinableWith(read.records, runtime.strategy.usesVersions)
      ) {
        counters.joins++;
        flight.loadStartedAt = holder.loadStartedAt;
        holder.promise.then(
          (value) => runtime.flights.settle(flight, value),
          (error: unknown) => runtime.flights.fail(flight, error),
        );
      } else if (!batch.shared) {
        uncached.push(flight);
      } else if (
        flight.waitingSince !== undefined &&
        flight.lease === slot.token &&
        Date.now() - flight.waitingSince >= runtime.leaseWaitMilliseconds
      ) {
        // The holder is slow or gone: replace its lease with ours and load.
        acquisitions ??= [];
        acquisitions.push({
          flight,
          expected: slot.payload,
          carried: carriedOf(slot.carried),
        });
      } else {
        if (flight.lease !== slot.token || flight.waitingSince === undefined) {
          flight.waitingSince = Date.now();
        }
        runtime.flights.lease(flight, slot.token, true);
        waiting ??= [];
        waiting.push(flight);
      }
    } else if (slot.kind === 'unreadable' && slot.reason === 'newer-format') {
      // A newer format: leave it to the process that wrote it.
      uncached.push(flight);
    } else {
      acquisitions ??= [];
      acquisitions.push({
        flight,
        expected: slot.kind === 'absent' ? undefined : slot.payload,
        carried: carriedOf(stale),
      });
    }
  }
  if (backoffServed !== undefined) reportGrace(batch, backoffServed, 'backoff');
  if (attempt === 0) batch.markRead();

  // An all-hit round ends here without another await.
  if (acquisitions === undefined && waiting === undefined && uncached.length === 0) return;
  return leaseLoadAndWait(batch, acquisitions ?? [], read, uncached, waiting ?? [], attempt);
}

/** Counts (and reports) the first read of a flight's slot: an L2 hit or miss. */
function countSlotRead(batch: ReadBatch, flight: Flight, hit: boolean, corrupt: boolean): void {
  const { runtime, context } = batch;
  if (corrupt) runtime.corruptEntry(flight.key, context.namespace);
  if (hit) context.counters.l2Hits++;
  else context.counters.l2Misses++;
  const layerEvent = hit ? 'hit' : 'miss';
  if (runtime.events.wanted[layerEvent]) {
    runtime.events.emit(layerEvent, { layer: 'l2', key: flight.key, namespace: context.namespace });
  }
}

/** A fresh value read from the flight's slot: L1 filled (when allowed), the flight settled. */
function settleHit(
  batch: ReadBatch,
  flight: Flight,
  hit: CachedValue,
  slot: DecodedValue,
  now: number,
): void {
  const { runtime } = batch;
  fillL1(runtime, batch.burst, flight, hit, slot.tagKeys, slot.meta?.freshUntil ?? slot.expiresAt);
  runtime.flights.settle(flight, hit);
  if (slot.meta !== undefined) batch.noteFreshHit(flight, slot.meta, now);
}

/** The part of a round after its hits: leases for `acquisitions`, one load, and the waits. */
async function leaseLoadAndWait(
  batch: ReadBatch,
  acquisitions: readonly Acquisition[],
  read: SlotRead | undefined,
  uncached: Flight[],
  waiting: Flight[],
  attempt: number,
): Promise<void> {
  const holders = await acquire(batch, acquisitions, read, uncached, waiting);
  const loading =
    holders.length + uncached.length > 0 ? loadAndFill(batch, holders, uncached) : undefined;
  const waited = waiting.length > 0 ? waitAndRetry(batch, waiting, attempt) : undefined;
  await Promise.all([loading, waited]);
}

/** Reads the waiting flights' slots again after a pause that grows with each round. */
async function waitAndRetry(batch: ReadBatch, waiting: Flight[], attempt: number): Promise<void> {
  const held = waiting.filter((flight) => flight.waitingSince !== undefined);
  if (held.length > 0) {
    const pause = Math.min(MAX_POLL_MILLISECONDS, 2 ** Math.min(attempt, 6));
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  await resolveRound(batch, batch.inOrder(waiting), [], attempt + 1);
}

function closedAdapter(error: unknown): ClosedError {
  return new ClosedError(
    '[pc:cache] the adapter of this cache was disposed; dispose the cache first (cache.dispose()), then the adapter',
    { cause: error },
  );
}

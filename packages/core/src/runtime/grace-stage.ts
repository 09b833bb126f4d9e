import { CachedValue } from '../burst/cached-value.js';
import type { DecodedEntry, DecodedValue } from '../entries/entry-decoding.js';
import type { Flight } from './flight.js';
import type { ReadBatch } from './read-batch.js';
import { readSlots } from './slot-stage.js';

/** Why grace values were served (the `grace` event's `reason`). */
export type GraceReason = 'error' | 'soft-timeout' | 'backoff';

/**
 * The value a slot can serve from grace: a value (fresh or past its TTL), or the
 * value a lease carries. Never anything an invalidation ended: a key invalidation
 * deleted the slot, a tag invalidation made the value read as outdated.
 */
export function graceValueOf(
  batch: ReadBatch,
  adapterKey: string,
  slot: DecodedEntry,
): DecodedValue | undefined {
  const value = slot.kind === 'lease' ? slot.carried : slot.kind === 'value' ? slot : undefined;
  if (value === undefined || batch.blocks(adapterKey, value.tagKeys)) return undefined;
  return value;
}

/** `true` when this call may serve grace values at all. */
export function graceAllowed(batch: ReadBatch): boolean {
  return (
    batch.plan.resilience.graceMilliseconds > 0 &&
    batch.runtime.strategy.usesVersions &&
    !batch.inTransaction
  );
}

/**
 * Reads the flights' slots again, now, and returns the grace value of each (one
 * `undefined` per flight without one). Reading at the moment of serving, rather
 * than reusing what an earlier read found, is what keeps an invalidation that
 * completed in the meantime, in any process, from being served around.
 */
export async function readGrace(
  batch: ReadBatch,
  flights: readonly Flight[],
): Promise<Array<CachedValue | undefined>> {
  if (!graceAllowed(batch) || flights.length === 0) return flights.map(() => undefined);
  let slots: readonly DecodedEntry[];
  try {
    slots = (await readSlots(batch, flights)).slots;
  } catch (error) {
    batch.runtime.backendError('read', error);
    return flights.map(() => undefined);
  }
  return flights.map((flight, index) => {
    const value = graceValueOf(batch, flight.adapterKey, slots[index]!);
    if (value === undefined) return undefined;
    try {
      return CachedValue.fromBody(value.body, batch.burst !== false);
    } catch {
      return undefined;
    }
  });
}

/** Counts and reports grace values served for `keys`. */
export function reportGrace(
  batch: ReadBatch,
  keys: readonly string[],
  reason: GraceReason,
  error?: unknown,
): void {
  if (keys.length === 0) return;
  const { runtime, context } = batch;
  context.counters.graceHits += keys.length;
  if (runtime.events.wanted.grace) {
    runtime.events.emit('grace', {
      keys,
      namespace: context.namespace,
      reason,
      ...(error === undefined ? {} : { error }),
    });
  }
}

import { compareAndSet } from '../entries/compare-and-set.js';
import type { DecodedValue } from '../entries/entry-decoding.js';
import { encodeLease } from '../entries/entry-envelope.js';
import { newVersion } from '../entries/new-version.js';
import type { Flight } from './flight.js';
import type { Carried, Holder } from './load-stage.js';
import type { ReadBatch } from './read-batch.js';
import { prepareVersions, type SlotRead } from './slot-stage.js';

/** A flight that found its slot empty (or replaceable) and wants its lease. */
export interface Acquisition {
  readonly flight: Flight;
  /** What the slot held when it was read: `undefined` (nothing) or the payload to replace. */
  readonly expected: string | undefined;
  /** A still valid value the lease keeps inside it while loading (see `LeasePayload`). */
  readonly carried: Carried | undefined;
}

/**
 * Takes leases for `acquisitions` with one conditional write. Winners are
 * returned; losers go to `waiting` (read again at once); when nothing may be
 * stored, or the write fails, the flights load uncached.
 */
export async function acquire(
  batch: ReadBatch,
  acquisitions: readonly Acquisition[],
  read: SlotRead | undefined,
  uncached: Flight[],
  waiting: Flight[],
): Promise<Holder[]> {
  if (acquisitions.length === 0) return [];
  const { runtime } = batch;
  if (!batch.storable || read === undefined || !(await prepareVersions(batch, read.records))) {
    for (const { flight } of acquisitions) uncached.push(flight);
    return [];
  }
  const expiresAt = Date.now() + runtime.leaseTtlMilliseconds;
  const tokens = acquisitions.map(() => newVersion());
  const carry = runtime.strategy.usesVersions;
  let won: boolean[];
  try {
    won = await compareAndSet(
      runtime.adapter,
      acquisitions.map(({ flight, expected, carried }, index) => {
        const kept = carry ? carried : undefined;
        // A lease carrying a value lives as long as that value would have.
        const leaseExpiry = Math.max(expiresAt, kept?.expiresAt ?? 0);
        return [
          flight.adapterKey,
          expected,
          { payload: encodeLease(tokens[index]!, kept?.payload), expiresAt: leaseExpiry },
        ] as const;
      }),
    );
  } catch (error) {
    runtime.backendError('write', error);
    for (const { flight } of acquisitions) uncached.push(flight);
    return [];
  }
  const holders: Holder[] = [];
  acquisitions.forEach(({ flight, carried }, index) => {
    if (won[index] === true) {
      const kept = carry ? carried : undefined;
      flight.loadFence = { versions: batch.versions, epoch: batch.epoch };
      runtime.flights.lease(flight, tokens[index]!, batch.shared);
      holders.push({ flight, lease: encodeLease(tokens[index]!, kept?.payload), carried: kept });
    } else {
      flight.lease = undefined;
      flight.waitingSince = undefined;
      waiting.push(flight);
    }
  });
  return holders;
}

/** What a lease keeps of a valid value it replaces (a value past its TTL, or one refreshed early). */
export function carriedOf(value: DecodedValue | undefined): Carried | undefined {
  return value === undefined ? undefined : { payload: value.payload, expiresAt: value.expiresAt };
}

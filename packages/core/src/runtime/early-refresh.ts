import { isFresh } from '../entries/entry-decoding.js';
import { acquire, carriedOf } from './lease-acquisition.js';
import { loadAndFill } from './load-stage.js';
import { ReadBatch } from './read-batch.js';
import { readSlots, type SlotRead } from './slot-stage.js';

/**
 * Starts the early refreshes a read-through call found due (`batch.dueForRefresh`),
 * in the background: the caller already has its value.
 *
 * One refresh per key across processes: a refresh replaces the fresh value with a
 * lease that carries it (a conditional write on exactly that value), so readers in
 * every process keep being served the carried value as a hit, and only the process
 * that won the lease loads. The fill then replaces the lease like any fill (an
 * invalidation meanwhile deletes the lease: nothing is stored); a failed load puts
 * the carried value back. One refresh per key per process: `runtime.refreshing`.
 */
export function startEarlyRefreshes(batch: ReadBatch): void {
  const due = batch.dueForRefresh;
  if (due === undefined) return;
  batch.dueForRefresh = undefined;
  const { runtime } = batch;
  for (const flight of due) {
    if (runtime.refreshing.has(flight.adapterKey)) continue;
    runtime.refreshing.add(flight.adapterKey);
    refresh(batch, flight.key, flight.adapterKey).finally(() => {
      runtime.refreshing.delete(flight.adapterKey);
    });
  }
}

async function refresh(source: ReadBatch, key: string, adapterKey: string): Promise<void> {
  const { runtime, context, plan, load } = source;
  // A batch of its own: its tag versions are read before this load, not the caller's.
  const batch = new ReadBatch(runtime, context, plan, load);
  batch.background = true;
  if (!batch.shared) return;
  const flight = runtime.flights.start(
    key,
    adapterKey,
    plan.staticTagKeys,
    plan.tagFunction !== undefined,
    false,
    0,
  );
  try {
    let read: SlotRead;
    try {
      read = await readSlots(batch, [flight]);
    } catch (error) {
      runtime.backendError('read', error);
      return;
    }
    const slot = read.slots[0]!;
    // Someone else refreshed, invalidated or filled it meanwhile: nothing to do.
    if (slot.kind !== 'value' || !isFresh(slot, Date.now())) return;
    const holders = await acquire(
      batch,
      [{ flight, expected: slot.payload, carried: carriedOf(slot) }],
      read,
      [],
      [],
    );
    // Lost the race for the lease (another process refreshes it), or may not store.
    if (holders.length === 0) return;
    context.counters.earlyRefreshes++;
    if (runtime.events.wanted['early-refresh']) {
      runtime.events.emit('early-refresh', { key, namespace: context.namespace });
    }
    await loadAndFill(batch, holders, []);
  } catch (error) {
    // The loader failed (reported as `load-error`; the carried value was put back)
    // and no grace value answered the callers that joined this refresh.
    runtime.flights.fail(flight, error);
  } finally {
    runtime.flights.settle(flight, flight.value);
  }
}

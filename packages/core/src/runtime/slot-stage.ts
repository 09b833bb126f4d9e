import type { AdapterEntry } from '../contracts/adapter-entry.js';
import { type DecodedEntry, decodeEntries } from '../entries/entry-decoding.js';
import { newVersion } from '../entries/new-version.js';
import { TAG_EPOCH_KEY } from '../entries/reserved-keys.js';
import type { Flight } from './flight.js';
import type { ReadBatch } from './read-batch.js';

const NO_RECORDS: ReadonlyMap<string, string | undefined> = new Map();

/** What one slot read found: a decoded slot per flight and the small records by key. */
export interface SlotRead {
  readonly slots: readonly DecodedEntry[];
  readonly records: ReadonlyMap<string, string | undefined>;
}

/**
 * One `getMany` for the flights' entries, the versions of the tags known before
 * loading and (for value-computed tags) the tag epoch; then the entries decoded
 * and validated (one more `getMany` only for tags that were not known up front).
 * Readers need nothing else: no per-key records.
 * @throws what the adapter throws (the caller fails open).
 */
export function readSlots(batch: ReadBatch, flights: readonly Flight[]): Promise<SlotRead> {
  // Not `async` itself: the unobserved read (the hot path) adds no promise layer.
  if (!batch.runtime.events.wanted['l2-read']) return readAndDecodeSlots(batch, flights);
  return readSlotsObserved(batch, flights);
}

/** `readSlots` with an `l2-read` event per read. */
async function readSlotsObserved(batch: ReadBatch, flights: readonly Flight[]): Promise<SlotRead> {
  const { events } = batch.runtime;
  const started = performance.now();
  const namespace = batch.context.namespace;
  try {
    const read = await readAndDecodeSlots(batch, flights);
    const found = read.slots.filter((slot) => slot.kind === 'value').length;
    const durationMilliseconds = performance.now() - started;
    events.emit('l2-read', { namespace, keys: flights.length, found, durationMilliseconds });
    return read;
  } catch (error) {
    const durationMilliseconds = performance.now() - started;
    events.emit('l2-read', {
      namespace,
      keys: flights.length,
      found: 0,
      durationMilliseconds,
      error,
    });
    throw error;
  }
}

/** Not `async`: on the hot path, one promise (the adapter's `then`) rather than a frame. */
function readAndDecodeSlots(batch: ReadBatch, flights: readonly Flight[]): Promise<SlotRead> {
  const { runtime, context, plan } = batch;
  const keys: string[] = flights.map((flight) => flight.adapterKey);
  for (const tagKey of plan.staticTagKeys) keys.push(tagKey);
  if (batch.dynamic) keys.push(TAG_EPOCH_KEY);
  const started = performance.now();
  // One key (an untagged root read): the adapter's single-key path (Redis: GET, not MGET).
  const single = keys.length === 1;
  const reading: Promise<AdapterEntry | undefined | Array<AdapterEntry | undefined>> = single
    ? runtime.adapter.get(keys[0]!)
    : runtime.adapter.getMany(keys);
  return reading.then((found) => {
    const entries = single
      ? [found as AdapterEntry | undefined]
      : (found as Array<AdapterEntry | undefined>);
    runtime.stats.recordL2(context.counters, performance.now() - started);
    let records = NO_RECORDS;
    if (keys.length > flights.length) {
      const found = new Map<string, string | undefined>();
      for (let position = flights.length; position < keys.length; position++) {
        found.set(keys[position]!, entries[position]?.payload);
      }
      records = found;
      entries.length = flights.length;
    }
    const decoded = decodeEntries(
      runtime.adapter,
      runtime.strategy.usesVersions,
      entries,
      keys,
      context.codecs,
      records,
    );
    return Array.isArray(decoded)
      ? { slots: decoded, records }
      : decoded.then((slots) => ({ slots, records }));
  });
}

/**
 * Before the first lease of a call: the versions of the known tags as read (records
 * that are missing are created now) and the tag epoch, so that any tag
 * invalidation from here on makes what this call stores read as a miss.
 * @returns `false` when they could not be written (nothing may be stored).
 */
export async function prepareVersions(
  batch: ReadBatch,
  records: ReadonlyMap<string, string | undefined>,
): Promise<boolean> {
  if (batch.versionsReady) return true;
  const { runtime, plan, versions } = batch;
  const missing: Array<readonly [string, AdapterEntry]> = [];
  for (const tagKey of plan.staticTagKeys) {
    const version = records.get(tagKey);
    if (version !== undefined) versions.set(tagKey, version);
    else if (runtime.strategy.usesVersions && !versions.has(tagKey)) {
      const created = newVersion();
      versions.set(tagKey, created);
      missing.push([tagKey, { payload: created }]);
    }
  }
  if (batch.dynamic) {
    batch.epoch = records.get(TAG_EPOCH_KEY);
    if (batch.epoch === undefined) {
      batch.epoch = newVersion();
      missing.push([TAG_EPOCH_KEY, { payload: batch.epoch }]);
    }
  }
  if (missing.length > 0) {
    // If this write is lost or raced, entries stored with these versions never
    // match: a miss, never a stale hit.
    try {
      await runtime.adapter.setMany(missing);
    } catch (error) {
      runtime.backendError('write', error);
      return false;
    }
  }
  batch.versionsReady = true;
  return true;
}

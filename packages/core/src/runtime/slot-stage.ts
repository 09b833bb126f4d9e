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
  return new Promise((resolve, reject) => {
    readSlotsThen(batch, flights, resolve, reject);
  });
}

/**
 * `readSlots` reporting to `done` or `failed` (exactly one, once; neither may
 * throw), called from the adapter's own promise: a read of hits costs no promise
 * of its own. An `l2-read` event reports each read when someone listens.
 */
export function readSlotsThen(
  batch: ReadBatch,
  flights: readonly Flight[],
  done: (read: SlotRead) => void,
  failed: (error: unknown) => void,
): void {
  const { runtime, context, plan } = batch;
  const keys: string[] = flights.map((flight) => flight.adapterKey);
  for (const tagKey of plan.staticTagKeys) keys.push(tagKey);
  if (batch.dynamic) keys.push(TAG_EPOCH_KEY);
  const started = performance.now();
  // One key (an untagged root read): the adapter's single-key path (Redis: GET, not MGET).
  const single = keys.length === 1;
  let reading: Promise<AdapterEntry | undefined | Array<AdapterEntry | undefined>>;
  try {
    reading = single ? runtime.adapter.get(keys[0]!) : runtime.adapter.getMany(keys);
  } catch (error) {
    reading = Promise.reject(error);
  }
  const fail = (error: unknown) => {
    reportRead(batch, flights.length, started, undefined, error);
    failed(error);
  };
  reading.then((found) => {
    runtime.stats.recordL2(context.counters, performance.now() - started);
    const entries = single
      ? [found as AdapterEntry | undefined]
      : (found as Array<AdapterEntry | undefined>);
    let records = NO_RECORDS;
    let decoded: DecodedEntry[] | Promise<DecodedEntry[]>;
    try {
      if (keys.length > flights.length) {
        records = recordsOf(keys, entries, flights.length);
        entries.length = flights.length;
      }
      decoded = decodeEntries(
        runtime.adapter,
        runtime.strategy.usesVersions,
        entries,
        keys,
        context.codecs,
        records,
      );
    } catch (error) {
      fail(error);
      return;
    }
    if (!Array.isArray(decoded)) {
      decoded.then((slots) => {
        reportRead(batch, flights.length, started, slots);
        done({ slots, records });
      }, fail);
      return;
    }
    reportRead(batch, flights.length, started, decoded);
    done({ slots: decoded, records });
  }, fail);
}

/** The small records read after the entries (from position `from` of `keys`), by key. */
function recordsOf(
  keys: readonly string[],
  entries: ReadonlyArray<AdapterEntry | undefined>,
  from: number,
): Map<string, string | undefined> {
  const records = new Map<string, string | undefined>();
  for (let position = from; position < keys.length; position++) {
    records.set(keys[position]!, entries[position]?.payload);
  }
  return records;
}

/** The `l2-read` event of one slot read, when someone listens. */
function reportRead(
  batch: ReadBatch,
  keys: number,
  started: number,
  slots: readonly DecodedEntry[] | undefined,
  error?: unknown,
): void {
  const { events } = batch.runtime;
  if (!events.wanted['l2-read']) return;
  const durationMilliseconds = performance.now() - started;
  const namespace = batch.context.namespace;
  const found = slots === undefined ? 0 : slots.filter((slot) => slot.kind === 'value').length;
  events.emit(
    'l2-read',
    error === undefined
      ? { namespace, keys, found, durationMilliseconds }
      : { namespace, keys, found, durationMilliseconds, error },
  );
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

import type { CodecChain } from '../codecs/codec-chain.js';
import type { AdapterEntry } from '../contracts/adapter-entry.js';
import { decodeEntries, isFresh } from '../entries/entry-decoding.js';
import { KeySpace } from '../keys/key-space.js';
import type { CacheRuntime } from '../runtime/cache-runtime.js';
import { deserializeValue } from '../serialization/deserialize-value.js';

/**
 * Turns raw entries of plain `get` / `getMany` into values: decoded and validated
 * in one place (`decodeEntries`: at most one read of tag versions for all of
 * them; codecs reversed), then one fresh copy of the body per output slot. Leases and invalid
 * entries read as misses; inside a transaction, so do entries of keys or tags
 * with pending invalidations. Corrupt entries are reported (event `corrupt`) and
 * deleted (best effort).
 */
export async function readValues(
  runtime: CacheRuntime,
  adapterKeys: readonly string[],
  entries: ReadonlyArray<AdapterEntry | undefined>,
  slots: readonly number[] | undefined,
  codecs: CodecChain | undefined,
): Promise<unknown[]> {
  const blocker = runtime.blocker();
  const decoded = await decodeEntries(
    runtime.adapter,
    runtime.strategy.usesVersions,
    entries,
    adapterKeys,
    codecs,
  );
  const corrupt = new Set<string>();
  decoded.forEach((slot, index) => {
    if (slot.kind === 'unreadable' && slot.reason === 'corrupt') {
      corrupt.add(adapterKeys[index]!);
    }
  });
  const now = Date.now();
  const valueAt = (index: number): unknown => {
    const found = decoded[index]!;
    // A lease carrying a fresh value (an early refresh is running) still serves it;
    // a value past its TTL (kept for grace) is a miss here.
    const slot = found.kind === 'lease' ? found.carried : found;
    if (slot?.kind !== 'value' || !isFresh(slot, now)) return undefined;
    const adapterKey = adapterKeys[index]!;
    if (
      blocker !== undefined &&
      (blocker.blocksKey(adapterKey) || blocker.blocksAnyTag(slot.tagKeys))
    ) {
      return undefined;
    }
    try {
      return deserializeValue(slot.body);
    } catch {
      corrupt.add(adapterKey);
      return undefined;
    }
  };
  // `slots`: the entry of each output position; none: one per entry.
  const values =
    slots === undefined ? decoded.map((_, index) => valueAt(index)) : slots.map(valueAt);
  if (corrupt.size === 0) return values;
  for (const adapterKey of corrupt) {
    const decoded = KeySpace.decodeEntryKey(adapterKey);
    runtime.corruptEntry(decoded?.key ?? adapterKey, decoded?.namespacePath.join('/') ?? '');
  }
  await deleteQuietly(runtime, [...corrupt]);
  return values;
}

async function deleteQuietly(runtime: CacheRuntime, adapterKeys: readonly string[]): Promise<void> {
  try {
    await runtime.adapter.deleteMany(adapterKeys);
  } catch {
    // Best effort: the entry keeps reading as a miss either way.
  }
}

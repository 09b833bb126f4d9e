import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { FENCE_PAIR_KEY, fenceKeyOf } from '../runtime/reserved-keys.js';
import type { EntryEnvelope } from './entry-envelope.js';

/** Records already read, by adapter key; a present key with `undefined` was missing. */
export type PrefetchedRecords = ReadonlyMap<string, string | undefined>;

/** An entry to validate: its adapter key and its decoded envelope. */
export interface EnvelopeToValidate {
  readonly adapterKey: string;
  readonly envelope: EntryEnvelope;
}

/**
 * Checks the header pairs of entries against the current records, with at most
 * one adapter `getMany` for every record not already in `prefetched`:
 *
 * - a tag pair (`t:…`, `n…`) is valid when the tag's version record holds the
 *   same version; a missing record never matches (tags fail closed). Without tag
 *   versions (native tag index) a tag pair cannot be checked: the entry misses.
 * - the key fence pair (`''`) is valid when the entry's fence record holds the
 *   same version, or, for `''`, when there is no fence record.
 *
 * @returns one boolean per entry. Rejects when the adapter read fails.
 */
export async function validateEntries(
  adapter: CacheAdapter,
  usesTagVersions: boolean,
  items: readonly EnvelopeToValidate[],
  prefetched?: PrefetchedRecords,
): Promise<boolean[]> {
  const needed = new Set<string>();
  for (const { adapterKey, envelope } of items) {
    const pairs = envelope.tagVersions;
    for (let index = 0; index < pairs.length; index += 2) {
      const key = recordKey(pairs[index]!, adapterKey);
      if (prefetched === undefined || !prefetched.has(key)) needed.add(key);
    }
  }
  let fetched: Map<string, string | undefined> | undefined;
  if (needed.size > 0) {
    const keys = [...needed];
    const records: Array<AdapterEntry | undefined> = await adapter.getMany(keys);
    fetched = new Map();
    keys.forEach((key, index) => {
      fetched!.set(key, records[index]?.payload);
    });
  }
  return items.map(({ adapterKey, envelope }) => {
    const pairs = envelope.tagVersions;
    for (let index = 0; index < pairs.length; index += 2) {
      const name = pairs[index]!;
      const expected = pairs[index + 1]!;
      const key = recordKey(name, adapterKey);
      const current = fetched?.has(key) ? fetched.get(key) : prefetched?.get(key);
      if (name === FENCE_PAIR_KEY) {
        if ((current ?? '') !== expected) return false;
      } else if (!usesTagVersions || current !== expected) {
        return false;
      }
    }
    return true;
  });
}

/** The tag keys (not the fence) an envelope depends on. */
export function tagKeysOf(envelope: EntryEnvelope): string[] {
  const pairs = envelope.tagVersions;
  const tagKeys: string[] = [];
  for (let index = 0; index < pairs.length; index += 2) {
    if (pairs[index] !== FENCE_PAIR_KEY) tagKeys.push(pairs[index]!);
  }
  return tagKeys;
}

function recordKey(name: string, adapterKey: string): string {
  return name === FENCE_PAIR_KEY ? fenceKeyOf(adapterKey) : name;
}

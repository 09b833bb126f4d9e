import type { AdapterEntry } from '../../contracts/adapter-entry.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { decodeEnvelope } from '../../entries/entry-envelope.js';
import { KeySpace } from '../../keys/key-space.js';

/** One cache entry as it reached the adapter, decoded back into the Cache's terms. */
export interface StoredEntry {
  /** The key the Cache was given (root namespace). */
  readonly key: string;
  /** User tags of the entry, sorted. */
  readonly tags: readonly string[];
  /** Absolute expiry in ms since the epoch; `undefined` for no expiry. */
  readonly expiresAt: number | undefined;
}

const TAG_KEY_PREFIX = KeySpace.tagKey('');

/**
 * Wraps an adapter and decodes every entry written through it (tag version
 * records and other bookkeeping are left out), so the kit can assert the exact
 * key, tags and TTL a store stored.
 */
export function recordEntries(inner: CacheAdapter): {
  readonly adapter: CacheAdapter;
  readonly written: StoredEntry[];
} {
  const written: StoredEntry[] = [];
  const record = (adapterKey: string, entry: AdapterEntry, tagKeys?: readonly string[]) => {
    const decoded = KeySpace.decodeEntryKey(adapterKey);
    if (decoded === undefined || decoded.namespacePath.length > 0) return;
    let keys = tagKeys;
    if (keys === undefined) {
      const envelope = decodeEnvelope(entry.payload);
      if (typeof envelope === 'string' || 'lease' in envelope) return;
      keys = envelope.tagVersions.filter((_, index) => index % 2 === 0);
    }
    written.push({
      key: decoded.key,
      tags: keys
        .filter((tagKey) => tagKey.startsWith(TAG_KEY_PREFIX))
        .map((tagKey) => tagKey.slice(TAG_KEY_PREFIX.length))
        .sort(),
      expiresAt: entry.expiresAt,
    });
  };
  const overrides: Record<string, unknown> = {
    set(key: string, entry: AdapterEntry) {
      record(key, entry);
      return inner.set(key, entry);
    },
    setMany(entries: ReadonlyArray<readonly [string, AdapterEntry]>) {
      for (const [key, entry] of entries) record(key, entry);
      return inner.setMany(entries);
    },
    async compareAndSet(items: ReadonlyArray<readonly [string, string | undefined, AdapterEntry]>) {
      const stored = await (inner.compareAndSet as NonNullable<CacheAdapter['compareAndSet']>).call(
        inner,
        items,
      );
      items.forEach(([key, , entry], index) => {
        if (stored[index] === true) record(key, entry);
      });
      return stored;
    },
    async compareAndSetTagged(
      items: ReadonlyArray<readonly [string, string | undefined, AdapterEntry, readonly string[]]>,
    ) {
      const tagged = inner as unknown as {
        compareAndSetTagged(i: typeof items): Promise<boolean[]>;
      };
      const stored = await tagged.compareAndSetTagged(items);
      items.forEach(([key, , entry, tagKeys], index) => {
        if (stored[index] === true) record(key, entry, tagKeys);
      });
      return stored;
    },
    setTagged(entries: ReadonlyArray<readonly [string, AdapterEntry, readonly string[]]>) {
      for (const [key, entry, tagKeys] of entries) record(key, entry, tagKeys);
      return (inner as unknown as { setTagged(e: typeof entries): Promise<boolean[]> }).setTagged(
        entries,
      );
    },
  };
  const adapter = new Proxy(inner, {
    get(target, property) {
      if (
        typeof property === 'string' &&
        Object.hasOwn(overrides, property) &&
        property in target
      ) {
        return overrides[property];
      }
      const value = Reflect.get(target, property, target);
      // Methods run against the real adapter, whose `#private` fields a Proxy lacks.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { adapter, written };
}

import { KeySpace } from '../keys/key-space.js';

/** An adapter key that holds a cache entry, as `parseEntryKey` reads it. */
export interface ParsedEntryKey {
  /** Namespace names from the root down; empty for the root cache. */
  readonly namespacePath: readonly string[];
  /** The user key. */
  readonly key: string;
}

/**
 * The namespace path and user key of an adapter key (as listed by an adapter's
 * `keys()`), or `undefined` for a key that holds no entry (tag versions,
 * namespace records and other metadata of the cache).
 */
export function parseEntryKey(adapterKey: string): ParsedEntryKey | undefined {
  return KeySpace.decodeEntryKey(adapterKey);
}

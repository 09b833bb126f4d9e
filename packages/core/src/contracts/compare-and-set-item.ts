import type { AdapterEntry } from './adapter-entry.js';

/**
 * One conditional write of `CacheAdapter.compareAndSet`: store `entry` under `key`
 * only while the key's current payload is exactly `expected`; `expected`
 * `undefined` means "only while the key holds no live entry" (an add).
 */
export type CompareAndSetItem = readonly [
  key: string,
  expected: string | undefined,
  entry: AdapterEntry,
];

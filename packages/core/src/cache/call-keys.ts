import type { CachedValue } from '../burst/cached-value.js';
import type { KeySpace } from '../keys/key-space.js';
import type { ReadKeys } from '../runtime/read-plan.js';
import { deduplicate } from './deduplicate.js';

/** The keys of a multi-key read: unique user keys, their entry keys, and where each input goes. */
export interface CallKeys extends ReadKeys {
  /** For each input position, the index of its key in `keys`; `undefined`: no duplicates. */
  readonly slots: number[] | undefined;
}

/**
 * `keys` de-duplicated, then their entry keys. User keys map one to one to entry
 * keys, so they are de-duplicated as given (their hashes are usually cached)
 * rather than as freshly built entry keys.
 */
export function callKeys(keys: readonly string[], keySpace: KeySpace): CallKeys {
  const { unique, slots } = deduplicate(keys);
  const adapterKeys = new Array<string>(unique.length);
  for (let index = 0; index < unique.length; index++) {
    adapterKeys[index] = keySpace.entryKey(unique[index]!);
  }
  return { keys: unique, adapterKeys, slots };
}

/** One value per input position (`slots` of `callKeys`) from the cached values of its keys. */
export function readAtSlots(
  slots: readonly number[] | undefined,
  cached: ReadonlyArray<CachedValue | undefined>,
): unknown[] {
  return slots === undefined
    ? cached.map((value) => value?.read())
    : slots.map((slot) => cached[slot]?.read());
}

import type { Cache, InvalidatorRegistry } from '@pc/core';
import type { GroupEvent } from './group-events.js';
import type { GroupSource } from './group-source.js';
import type { GroupsStoreOptions } from './groups-store-options.js';

/** Options of `createCachedGroupSource`. */
export interface CachedGroupSourceOptions {
  /** The cache the groups store is bound to. */
  readonly cache: Cache;
  /** The real backend: reads load from it on a miss, writes go to it. Never the cached source itself. */
  readonly source: GroupSource;
  /**
   * Where writes send their events: the app's registry (it must contain
   * `groupsInvalidator` and be bound to the same cache).
   * @default a registry over `cache` with `groupsInvalidator` only
   */
  readonly registry?: Pick<InvalidatorRegistry<GroupEvent>, 'dispatch'>;
  /** Options of the groups store. @default {} */
  readonly store?: GroupsStoreOptions;
}

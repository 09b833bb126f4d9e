import type { Cache, InvalidatorRegistry } from '@pc/core';
import type { LocationEvent } from './location-events.js';
import type { LocationSource } from './location-source.js';
import type { LocationsStoreOptions } from './locations-store-options.js';

/** Options of `createCachedLocationSource`. */
export interface CachedLocationSourceOptions {
  /** The cache both location stores are bound to. */
  readonly cache: Cache;
  /** The real backend: reads load from it on a miss, writes go to it. Never the cached source itself. */
  readonly source: LocationSource;
  /**
   * Where writes send their events: the app's registry (it must contain
   * `locationsInvalidator` and `locationChildrenInvalidator` and be bound to the
   * same cache).
   * @default a registry over `cache` with those two invalidators only
   */
  readonly registry?: Pick<InvalidatorRegistry<LocationEvent>, 'dispatch'>;
  /** Options of both location stores. @default {} */
  readonly store?: LocationsStoreOptions;
}

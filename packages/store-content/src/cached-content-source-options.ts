import type { Cache, InvalidatorRegistry } from '@pc/core';
import type { ContentEvent } from './content-events.js';
import type { ContentSource } from './content-source.js';
import type { ContentStoreOptions } from './content-store-options.js';

/** Options of `createCachedContentSource`. */
export interface CachedContentSourceOptions {
  /** The cache the content store is bound to. */
  readonly cache: Cache;
  /** The real backend: reads load from it on a miss, writes go to it. Never the cached source itself. */
  readonly source: ContentSource;
  /**
   * Where writes send their events: the app's registry (it must contain
   * `contentInvalidator` and be bound to the same cache).
   * @default a registry over `cache` with `contentInvalidator` only
   */
  readonly registry?: Pick<InvalidatorRegistry<ContentEvent>, 'dispatch'>;
  /** Options of the content store. @default {} */
  readonly store?: ContentStoreOptions;
}

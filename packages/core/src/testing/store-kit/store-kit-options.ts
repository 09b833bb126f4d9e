import type { Cache } from '../../cache/cache.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import type { StoreRows } from './store-kit-rows.js';

/** What `StoreKitOptions.subject` gets to build the cached source. */
export interface StoreKitContext<Source> {
  /** The cache to bind stores and the invalidator registry to (recorded by the kit). */
  readonly cache: Cache;
  /** The source of truth, recorded by the kit: give it to the stores' loaders. */
  readonly source: Source;
}

/** Options of `describeStore`. */
export interface StoreKitOptions<Source extends object> {
  /** Title of the generated `describe` block, e.g. `"acls"`. */
  readonly name: string;
  /**
   * Builds a fresh source of truth for one test (an in-memory fake of the
   * backend, with the data the rows read). Called once per test.
   */
  readonly source: () => Source | Promise<Source>;
  /**
   * Builds the cached source under test: an object with the source's methods,
   * reads served through stores bound to `context.cache`, writes passed to
   * `context.source` and followed by their invalidate events (usually
   * `createProxy` plus `createRepositoryEvents` over a registry on the same cache).
   */
  readonly subject: (context: StoreKitContext<Source>) => Source;
  /** One or more rows for every method of the source (checked at compile time). */
  readonly rows: StoreRows<Source>;
  /**
   * Builds the real adapter of one test; disposed after it.
   * @default () => createMapAdapter()
   */
  readonly adapter?: () => CacheAdapter | Promise<CacheAdapter>;
  /**
   * Fixed clock of miss tests, in ms since the epoch, so stored expiry is exact.
   * @default STORE_KIT_DEFAULTS.now (2030-01-01T00:00:00Z)
   */
  readonly now?: number;
}

/** Defaults of `StoreKitOptions`. */
export const STORE_KIT_DEFAULTS = {
  now: Date.UTC(2030, 0, 1),
  /** Burst-layer TTL of "burst on" runs, in milliseconds: long enough never to lapse in a test. */
  burstTtlMilliseconds: 60_000,
} as const;

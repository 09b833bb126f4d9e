import type { CacheOptions } from '../../cache/cache-options.js';
import type { AdapterFactory } from '../../contracts/adapter-factory.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';

/** The adapters of the three simulated processes of one test, all on one backend. */
export interface LostRecordAdapters<A extends CacheAdapter = CacheAdapter> {
  /** Under the cache that runs the racing loads. */
  readonly a: A;
  /** Under the cache that invalidates the keys while A loads. */
  readonly b: A;
  /** Under a cache that took no part in the race. */
  readonly fresh: A;
}

/** What `loseRecords` gets: the test's backend state, and what the loss must leave. */
export interface LostRecordsContext<A extends CacheAdapter = CacheAdapter> {
  /** The adapter namespace every adapter of the test shares. */
  readonly namespace: string;
  /** The adapters of the three processes. */
  readonly adapters: LostRecordAdapters<A>;
  /** The cache namespace the race ran in; `undefined` at the root. */
  readonly cacheNamespace: string | undefined;
  /** The cache keys of the racing loads (in `cacheNamespace`). */
  readonly keys: readonly string[];
  /**
   * Adapter keys a reader of `keys` needs besides any fence: their entries and
   * the version records of `cacheNamespace`. A loss after the load should keep
   * these (read them while it floods) and lose every other record; a restart
   * loses them too, which is fine.
   */
  readonly keep: readonly string[];
  /** The adapter key of the entry of cache key `key` at the root. */
  entryKeyOf(key: string): string;
}

/** What `keys` gets to choose the racing keys from. */
export interface LostRecordKeysContext<A extends CacheAdapter = CacheAdapter> {
  /** The adapter namespace every adapter of the test shares. */
  readonly namespace: string;
  /** The adapters of the three processes. */
  readonly adapters: LostRecordAdapters<A>;
  /** The adapter key of the entry of cache key `key` at the root. */
  entryKeyOf(key: string): string;
}

/** What `expectNoExpiry` gets: values process A loaded without a TTL. */
export interface NoExpiryContext<A extends CacheAdapter = CacheAdapter> {
  /** The adapter namespace every adapter of the test shares. */
  readonly namespace: string;
  /** The adapter of process A, which stored the values. */
  readonly adapter: A;
  /**
   * Each adapter key stored, with the value loaded into it: a text its payload
   * contains, unless `cacheOptions.codecs` encoded it.
   */
  readonly entries: ReadonlyArray<readonly [adapterKey: string, value: string]>;
}

/** Options of `describeLostRecordScenarios`. */
export interface LostRecordScenariosOptions<A extends CacheAdapter = CacheAdapter> {
  /** Shown in the top-level describe block, e.g. `"redis (maxmemory allkeys-lru)"`. */
  readonly name: string;
  /**
   * Opens the backend of one test (a store, a directory, or nothing for a
   * server) and returns the factory of adapters on it. The suite calls that
   * factory three times with one fresh namespace: each adapter, under its own
   * Cache (L1 off), stands for one process. The suite disposes them after the test.
   */
  readonly backend: () => AdapterFactory<A> | Promise<AdapterFactory<A>>;
  /**
   * Makes the backend REALLY lose records (eviction, prune, a restart), and
   * asserts that it did, so the scenario cannot pass vacuously. Without it the
   * "stays gone" scenario is not registered.
   * @default undefined
   */
  readonly loseRecords?: ((context: LostRecordsContext<A>) => Promise<void>) | undefined;
  /** How the backend loses records, for the test names, e.g. `"LRU eviction (maxItems)"`. @default "losing records" */
  readonly loss?: string | undefined;
  /**
   * When `loseRecords` runs: `"after-load"` once the racing load has finished
   * (a flood, a prune, a restart of the servers not holding the entries), or
   * `"while-loading"` after the invalidation and before the loader returns (a
   * restart that loses the entries as well).
   * @default "after-load"
   */
  readonly lossTiming?: 'after-load' | 'while-loading' | undefined;
  /**
   * The cache keys process A loads in the race (each one gated, all invalidated
   * by B in one call). Called once per test.
   * @default () => ["item"]
   */
  readonly keys?:
    | ((context: LostRecordKeysContext<A>) => readonly string[] | Promise<readonly string[]>)
    | undefined;
  /**
   * Whether the "stays gone" scenario also runs in a cache namespace (whose
   * version record then is in `keep`), besides the root.
   * @default true
   */
  readonly namespaces?: boolean | undefined;
  /**
   * Asserts that each entry has no expiry at all in the backend (e.g. PTTL -1,
   * exptime 0) and that its payload holds the value. Without it the "no TTL"
   * scenario is not registered.
   * @default undefined
   */
  readonly expectNoExpiry?: ((context: NoExpiryContext<A>) => Promise<void>) | undefined;
  /**
   * Whether the adapter checks expiry against `Date.now()`, so that a faked
   * clock two days ahead proves the values loaded without a TTL never expire.
   * @default false
   */
  readonly fakeClock?: boolean | undefined;
  /**
   * Options every cache (simulated process) of the suite is created with, e.g.
   * `{ codecs }` to run the same scenarios with compressed and encrypted values
   * (then `expectNoExpiry` finds the values encoded in the payloads). L1 stays
   * off whatever they say.
   * @default {}
   */
  readonly cacheOptions?: Omit<CacheOptions, 'adapter' | 'bus' | 'burst'> | undefined;
  /** Timeout of each test in milliseconds (floods and restarts take a while on a busy machine). @default 60000 */
  readonly testTimeoutMilliseconds?: number | undefined;
}

/** Defaults of `LostRecordScenariosOptions`. */
export const LOST_RECORD_SCENARIOS_DEFAULTS = {
  loss: 'losing records',
  lossTiming: 'after-load',
  keys: ['item'],
  namespaces: true,
  fakeClock: false,
  testTimeoutMilliseconds: 60_000,
} as const;

import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import type { InvalidateEvent } from '../../contracts/invalidate-event.js';
import type {
  DerivedCacheDefinition,
  DerivedCacheInputs,
} from '../../derived/derived-cache-definition.js';

/**
 * One lookup of the derived cache under test. The kit generates a miss test
 * (one computation; exactly `key` stored with exactly the dependency tags of
 * `dependsOn.keys`, the tags of `dependsOn.tags` and `ttlMilliseconds`; the value
 * equals a computation straight from the source), a hit test (no computation),
 * each with and without the burst layer, and a column of the invalidation matrix.
 */
export interface DerivedReadRow<Args> {
  /** Tells rows apart in test names. @default the key */
  readonly title?: string;
  /** The lookup argument. */
  readonly args: Args;
  /** The exact cache key of the value, e.g. `"access:ann:acme"`. */
  readonly key: string;
  /** What the computation reads: the value must follow exactly these. */
  readonly dependsOn: {
    /** Cache keys of every input entry read (also ids that do not exist), e.g. `"acls:acme"`. @default [] */
    readonly keys?: readonly string[];
    /** Tags of the input entries read, e.g. `"group-7"`. @default [] */
    readonly tags?: readonly string[];
  };
  /** The exact TTL stored, in milliseconds; `undefined` for an entry that never expires. */
  readonly ttlMilliseconds?: number;
}

/**
 * A change of the source of truth and the invalidation that follows it. The kit
 * generates, against every read row: after it, the row misses exactly when the
 * invalidated keys or tags meet the row's `dependsOn`, and returns what a
 * computation straight from the source returns now; and the same change racing a
 * computation (made while it runs) leaves nothing readable.
 */
export interface DerivedChangeRow<Source> {
  /** Names the change in test names, e.g. `"grant billing to staff on acme"`. */
  readonly title: string;
  /** Changes the source of truth (as a repository write would). @default nothing */
  readonly change?: (source: Source) => void | Promise<void>;
  /**
   * What follows the change: keys and tags given to `Cache.invalidate`, or an
   * event dispatched through a registry of every input store's invalidator.
   */
  readonly invalidates:
    | { readonly keys?: readonly string[]; readonly tags?: readonly string[] }
    | { readonly event: InvalidateEvent };
}

/** Options of `describeDerivedCache`. */
export interface DerivedKitOptions<Source, Args, Value> {
  /** Title of the generated `describe` block, e.g. `"access"`. */
  readonly name: string;
  /** Builds a fresh source of truth for one test (called once per test). */
  readonly source: () => Source | Promise<Source>;
  /** Builds the derived cache under test over `source` (its stores load from it). */
  readonly definition: (source: Source) => DerivedCacheDefinition<Args, Value, DerivedCacheInputs>;
  /** Lookups to test (at least one). */
  readonly reads: readonly DerivedReadRow<Args>[];
  /** Changes for the invalidation matrix. @default [] */
  readonly changes?: readonly DerivedChangeRow<Source>[];
  /**
   * Builds the real adapter of one test; disposed after it.
   * @default () => createMapAdapter()
   */
  readonly adapter?: () => CacheAdapter | Promise<CacheAdapter>;
  /**
   * Fixed clock of the tests, in ms since the epoch, so stored expiry is exact.
   * @default STORE_KIT_DEFAULTS.now (2030-01-01T00:00:00Z)
   */
  readonly now?: number;
}

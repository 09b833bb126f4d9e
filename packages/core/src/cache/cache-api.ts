import type { InvalidationTargets } from '../contracts/invalidation-targets.js';
import type { CacheEventListener, CacheEventName } from '../events/cache-events.js';
import type { CacheStatsSnapshot } from '../events/cache-stats.js';
import type { GetOrLoadOptions } from '../runtime/get-or-load-options.js';
import type { NamespaceOptions } from '../runtime/namespace-options.js';
import type { TagVersions } from '../tags/tag-versions.js';
import type { Cache } from './cache.js';
import type { SetManyItem, SetOptions } from './set-options.js';

/**
 * What a `Cache` offers, member by member: the documentation of the public API.
 * `Cache` implements it (its members carry no second copy of these comments).
 *
 * - A miss is `undefined`; falsy values (`0`, `''`, `false`, `null`) are hits.
 * - `get` / `getMany` return a fresh copy per read. `getOrLoad` / `getManyOrLoad`
 *   return plain JSON values read through L1 (the default) deep-frozen and shared
 *   between readers (copy before mutating); with `burst: false` every caller gets
 *   its own unfrozen copy. Map, Set, Date, Uint8Array and BigInt values always
 *   come as fresh copies.
 * - A payload the cache cannot decode reads as a miss and is deleted (best effort).
 * - Keys: any non-empty, well-formed string; anything else throws
 *   `InvalidKeyError` before any I/O.
 */
export interface CacheApi {
  /** Namespace names from the root cache down to this one; empty for the root. */
  readonly namespacePath: readonly string[];

  /**
   * Reads one value through both layers, loading it on a miss:
   * L1 (this process) -> L2 (one round trip for the entry and the versions of the
   * tags known up front) -> on a miss, a lease in the key's slot, `loader`, and a
   * conditional write replacing the lease with the value -> L1 fill.
   *
   * - Concurrent misses on one key share one load, in this process and across
   *   processes (another process's lease is waited for, up to
   *   `leaseWaitMilliseconds`); a caller arriving after an invalidation of the key
   *   or its tags never shares a load that began before it.
   * - A load that overlaps an invalidation of its key or tags (in any process)
   *   never leaves its value readable; its callers still get the value.
   * - The result's type is the loader's: `undefined` only when the loader can
   *   return it. `undefined` from the loader is a miss and is not cached; a loader error
   *   rejects every caller waiting on that load and caches nothing.
   * - An L2 failure falls through to the loader (event `backend-error`); a failed
   *   L2 write is reported by the same event, not thrown.
   * - Inside a transaction: keys and tags with pending invalidations bypass the
   *   cache, and nothing loaded is stored.
   * - Read through L1 (the default), a plain JSON value is deep-frozen and shared:
   *   mutating it throws a `TypeError`; copy first (`structuredClone(value)`). The
   *   result is typed `T`, not a deep-readonly type, so it passes to code that
   *   takes a `T`: the compiler does not catch a mutation.
   *
   * @throws InvalidKeyError / InvalidOptionsError before any I/O;
   *   SerializationError when the loaded value cannot be stored.
   */
  getOrLoad<T>(
    key: string,
    loader: () => Promise<T> | T,
    options?: GetOrLoadOptions<Exclude<T, undefined>>,
  ): Promise<T>;

  /**
   * Reads many values through both layers with one L2 round trip and ONE call of
   * `loadMany` for every key that missed (deduplicated, in input order, without
   * keys already being loaded by another caller), then one L2 write.
   * `loadMany` resolves to a Map of key -> value (or an array aligned with the
   * keys it got); keys it leaves out are misses, not errors.
   * @returns one slot per input key, in input order (duplicates included).
   */
  getManyOrLoad<T>(
    keys: readonly string[],
    loadMany: (
      missingKeys: readonly string[],
    ) => Promise<ReadonlyMap<string, T> | ReadonlyArray<T | undefined>>,
    options?: GetOrLoadOptions<T>,
  ): Promise<Array<T | undefined>>;

  /**
   * Invalidates keys and tags as one batched operation: deletes the entries and
   * writes new tag versions in L2 (a delete also removes a lease, so loads racing it in any
   * process cannot store stale values), drops matching L1 entries here, and
   * publishes on the bus so other processes drop theirs. Resolves once all of it
   * is done. Inside a transaction it is deferred to the outermost commit (and
   * dropped on rollback).
   * @throws InvalidKeyError for an invalid key or tag (before any I/O);
   *   InvalidationError when L2 or the bus fails (unless `invalidationFailure: 'queue'`).
   */
  invalidate(targets: InvalidationTargets): Promise<void>;

  /**
   * Runs `fn` in a transaction: invalidations inside are deferred to the
   * outermost commit (when `fn` resolves) and dropped on rollback (when it
   * throws); writes (`set`) become deletes; reads of keys and tags with pending
   * invalidations bypass the cache, and nothing loaded inside is stored.
   * Nestable; scoped to the async context, so concurrent requests do not mix.
   * @returns what `fn` returned.
   * @throws what `fn` threw; InvalidationError when the commit's invalidation fails.
   */
  transaction<R>(fn: () => Promise<R> | R): Promise<R>;

  /** Opens a transaction on the current async context (prefer `transaction(fn)`). */
  begin(): void;

  /**
   * Commits the innermost open transaction of the current async context; the
   * outermost commit applies the deferred invalidations.
   * @throws InvalidOptionsError without an open transaction; InvalidationError.
   */
  commit(): Promise<void>;

  /** Rolls back the innermost open transaction: its deferred invalidations are dropped. */
  rollback(): void;

  /** Subscribes to an event (`hit`, `miss`, `load`, `load-error`, `invalidate`, ...). */
  on<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): this;

  /** Removes a listener added with `on`. */
  off<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): this;

  /** Counters and latency percentiles per layer, in total and per namespace. */
  stats(): CacheStatsSnapshot;

  /** Resolves once the bus subscription is active (or has failed: see `backend-error`). */
  ready(): Promise<void>;

  /** Reads one value (L2 only). @returns the value, or `undefined` on a miss. */
  get<T = unknown>(key: string): Promise<T | undefined>;

  /**
   * Reads many values (L2 only) with one adapter `getMany` for the entries and one
   * for the tag versions of all of them.
   * @returns one slot per key, in input order (duplicates included, each its own copy).
   */
  getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>>;

  /** `true` when `get(key)` would return a value. */
  has(key: string): Promise<boolean>;

  /**
   * Stores one value in L2 and drops this key from every process's L1 (through
   * the bus, best effort). Inside a transaction the write becomes a delete.
   * @returns `true` when stored; `false` when the TTL was zero or negative (the old
   *   value is removed), the adapter declined, or inside a transaction.
   * @throws SerializationError (before any I/O) for `undefined` and for values the
   *   serializer cannot encode; `InvalidOptionsError` for invalid options.
   */
  set(key: string, value: unknown, options?: SetOptions): Promise<boolean>;

  /**
   * Stores many values with one adapter `setMany` (plus at most one read and one
   * write of tag versions). Everything is validated and serialized before any I/O.
   * A key given twice ends with the last item. Inside a transaction: deletes.
   * @returns one boolean per item, as for `set`.
   */
  setMany(items: ReadonlyArray<SetManyItem>): Promise<boolean[]>;

  /**
   * Removes one entry (L2, this process's L1, other processes' L1 through the bus,
   * best effort). Deleting a missing key is not an error. To also stop loads that
   * are already running (in any process) from storing it again, use `invalidate`.
   * @returns `true` when an entry was removed (it may already have been unreadable
   *   because one of its tags was invalidated), `false` when there was none.
   */
  delete(key: string): Promise<boolean>;

  /** Removes many entries with one adapter call, as `delete`. @returns how many were removed. */
  deleteMany(keys: readonly string[]): Promise<number>;

  /**
   * Root cache: clears the adapter's namespace and every process's L1. A namespace:
   * invalidates the namespace's implicit tag, so every entry written in it or in
   * its descendants reads as a miss on every adapter (the entries stay until they
   * expire or are evicted). Deferred inside a transaction, like `invalidate`.
   * Rejects with `InvalidationError` when that fails.
   */
  clear(): Promise<void>;

  /**
   * Makes every entry tagged with any of `tags` read as a miss, in every namespace
   * over this adapter and in every process sharing it. Same as
   * `invalidate({ tags })`.
   * @throws InvalidKeyError for an empty or non-string tag; `InvalidationError`
   *   when the adapter fails.
   */
  invalidateTags(tags: readonly string[]): Promise<void>;

  /**
   * Reads the current versions of `tags` (and of this cache's namespaces), creating
   * missing ones. Read them before producing a value, then pass them to `set` as
   * `tagVersions`: an invalidation in between makes the stored entry a miss.
   * With an adapter's native tag index there are no versions; the snapshot is
   * accepted and ignored.
   */
  readTagVersions(tags: readonly string[]): Promise<TagVersions>;

  /**
   * A child cache whose keys live in their own namespace (encoded injectively, so
   * no key of one namespace can reach another). It shares the adapter, the
   * options, the burst layer, the transactions and the tags of this cache.
   * `options.burst` sets the namespace's L1 policy (a shorter TTL, or `false`);
   * by default it inherits this cache's.
   * @throws InvalidOptionsError unless `name` matches `/^[A-Za-z0-9_.-]{1,64}$/`.
   */
  namespace(name: string, options?: NamespaceOptions): Cache;

  /**
   * Closes this cache (a root cache also closes its namespaces, unsubscribes from
   * the bus and stops queued retries); later calls reject with `ClosedError`.
   * Idempotent. The injected adapter and bus are not disposed: whoever created
   * them disposes them.
   */
  dispose(): Promise<void>;
}

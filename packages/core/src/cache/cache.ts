import { rootL1Key } from '../burst/burst-layer.js';
import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import type { CachedValue } from '../burst/cached-value.js';
import type { InvalidationTargets } from '../contracts/invalidation-targets.js';
import { ClosedError } from '../errors/closed-error.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import type { CacheEventListener, CacheEventName } from '../events/cache-events.js';
import type { CacheStatsSnapshot } from '../events/cache-stats.js';
import type { NamespaceCounters } from '../events/stats-recorder.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKey, assertValidKeys } from '../keys/validate-key.js';
import { CacheRuntime } from '../runtime/cache-runtime.js';
import type { GetOrLoadOptions } from '../runtime/get-or-load-options.js';
import { countL1Hit } from '../runtime/l1-stage.js';
import type { NamespaceOptions } from '../runtime/namespace-options.js';
import type { ReadContext, ReadPlan } from '../runtime/read-plan.js';
import { joinOpenFlight, readThrough } from '../runtime/read-through.js';
import { createTagVersions, type TagVersions } from '../tags/tag-versions.js';
import { type CacheOptions, resolveCacheOptions } from './cache-options.js';
import { checkNames, NAMESPACE_OPTION_NAMES } from './option-names.js';
import { callBurst, defaultPlan, planOf } from './read-plans.js';
import type { SetManyItem, SetOptions } from './set-options.js';
import { readValues } from './value-reads.js';
import { Writes } from './writes.js';

const NO_OPTIONS: SetOptions = {};
const EMPTY: readonly string[] = [];

/**
 * The pc cache over one shared adapter (L2) with a per-process burst layer (L1):
 * namespaces, key encoding, serialization, TTLs, tags, read-through loads with
 * single-flight and fill leases, transactions, a bus for other
 * processes' L1, events and stats.
 *
 * - A miss is `undefined`; falsy values (`0`, `''`, `false`, `null`) are hits.
 * - `get` / `getMany` return a fresh copy per read. `getOrLoad` / `getManyOrLoad`
 *   return plain JSON values deep-frozen and shared between readers (copy before
 *   mutating); Map, Set, Date, Uint8Array and BigInt values come as fresh copies.
 * - A payload the cache cannot decode reads as a miss and is deleted (best effort).
 * - Keys: any non-empty, well-formed string; anything else throws
 *   `InvalidKeyError` before any I/O.
 */
export class Cache {
  static #childInit:
    | {
        readonly root: CacheRuntime;
        readonly keys: KeySpace;
        readonly burst: ResolvedBurstPolicy | false;
      }
    | undefined;

  readonly #root: CacheRuntime;
  readonly #keys: KeySpace;
  readonly #context: ReadContext;
  readonly #counters: NamespaceCounters;
  readonly #writes: Writes;
  /** This namespace's L1 policy. */
  readonly #burst: ResolvedBurstPolicy | false;
  /** The plan of a call without options. */
  readonly #defaultPlan: ReadPlan;
  /** Prefix of this namespace's L1 keys; `undefined` at the root (see `rootL1Key`). */
  readonly #l1Prefix: string | undefined;
  /** L1 is read by this namespace's calls without options. */
  readonly #l1: boolean;
  #closed = false;

  /** @throws InvalidOptionsError naming the option when `options` is invalid. */
  constructor(options: CacheOptions) {
    const child = Cache.#childInit;
    if (child !== undefined) {
      Cache.#childInit = undefined;
      this.#root = child.root;
      this.#keys = child.keys;
      this.#burst = child.burst;
    } else {
      const resolved = resolveCacheOptions(options);
      this.#root = new CacheRuntime(resolved);
      this.#keys = KeySpace.ROOT;
      this.#burst = resolved.burst;
    }
    const namespace = this.#keys.namespacePath.join('/');
    this.#counters = this.#root.stats.forNamespace(namespace);
    this.#context = { namespace, counters: this.#counters };
    this.#writes = new Writes(this.#root, this.#keys);
    this.#l1 = this.#burst !== false && this.#root.l1 !== undefined;
    this.#l1Prefix = this.#keys === KeySpace.ROOT ? undefined : this.#keys.entryKey('');
    this.#defaultPlan = defaultPlan(this.#root, this.#keys, this.#burst);
  }

  /** Namespace names from the root cache down to this one; empty for the root. */
  get namespacePath(): readonly string[] {
    return this.#keys.namespacePath;
  }

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
   *
   * @throws InvalidKeyError / InvalidOptionsError before any I/O;
   *   SerializationError when the loaded value cannot be stored.
   */
  getOrLoad<T>(
    key: string,
    loader: () => Promise<T> | T,
    options?: GetOrLoadOptions<Exclude<T, undefined>>,
  ): Promise<T> {
    const root = this.#root;
    const usable =
      typeof key === 'string' && !this.#closed && !root.closed && !root.maybeBlocked;
    // The L1 hit path: no validation beyond what a hit implies (only valid keys
    // are ever stored), no allocation but the promise. Options are not inspected
    // on a hit, except `burst: false`.
    let l1Missed = false;
    if (usable && this.#l1 && options?.burst !== false) {
      const hit = root.l1!.getByL1Key(
        this.#l1Prefix === undefined ? rootL1Key(key) : this.#l1Prefix + key,
      );
      if (hit !== undefined) {
        countL1Hit(root, this.#context, key);
        return (hit.promise ?? Promise.resolve(hit.read())) as Promise<T>;
      }
      l1Missed = true;
    }
    // A concurrent miss joining a flight whose L2 read is not sent yet: no batch
    // bookkeeping, one promise per caller. A flight exists only for a valid key.
    if (usable && typeof loader === 'function') {
      const adapterKey = this.#keys.entryKey(key);
      if (root.flights.open(adapterKey) !== undefined) {
        let plan: ReadPlan;
        try {
          plan = options === undefined ? this.#defaultPlan : this.#plan(options);
        } catch (error) {
          return Promise.reject(error);
        }
        const joined = joinOpenFlight(root, this.#context, key, adapterKey, plan, l1Missed);
        if (joined !== undefined) return joined.then(readCached) as Promise<T>;
      }
    }
    return this.#getOrLoad(key, loader, options);
  }

  async #getOrLoad<T>(
    key: string,
    loader: () => Promise<T> | T,
    options: GetOrLoadOptions<Exclude<T, undefined>> | undefined,
  ): Promise<T> {
    this.#assertOpen();
    assertValidKey(key);
    if (typeof loader !== 'function') {
      throw new InvalidOptionsError('[pc:cache] getOrLoad needs a loader function');
    }
    const plan = options === undefined ? this.#defaultPlan : this.#plan(options);
    const [cached] = await readThrough(
      this.#root,
      this.#context,
      [{ key, adapterKey: this.#keys.entryKey(key) }],
      async () => [await loader()],
      plan,
    );
    return cached?.read() as T;
  }

  /**
   * Reads many values through both layers with one L2 round trip and ONE call of
   * `loadMany` for every key that missed (deduplicated, in input order, without
   * keys already being loaded by another caller), then one L2 write.
   * `loadMany` resolves to a Map of key -> value (or an array aligned with the
   * keys it got); keys it leaves out are misses, not errors.
   * @returns one slot per input key, in input order (duplicates included).
   */
  async getManyOrLoad<T>(
    keys: readonly string[],
    loadMany: (
      missingKeys: readonly string[],
    ) => Promise<ReadonlyMap<string, T> | ReadonlyArray<T | undefined>>,
    options?: GetOrLoadOptions<T>,
  ): Promise<Array<T | undefined>> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (typeof loadMany !== 'function') {
      throw new InvalidOptionsError('[pc:cache] getManyOrLoad needs a loadMany function');
    }
    const plan = options === undefined ? this.#defaultPlan : this.#plan(options);
    if (keys.length === 0) return [];
    const { unique, slots } = deduplicate(keys);
    const requests = unique.map((key) => ({ key, adapterKey: this.#keys.entryKey(key) }));
    const cached = await readThrough(this.#root, this.#context, requests, loadMany, plan);
    return slots.map((slot) => cached[slot]?.read() as T | undefined);
  }

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
  async invalidate(targets: InvalidationTargets): Promise<void> {
    this.#assertOpen();
    if (typeof targets !== 'object' || targets === null) {
      throw new InvalidOptionsError('[pc:cache] invalidate expects { keys?, tags? }');
    }
    const keys = targets.keys ?? EMPTY;
    const tags = targets.tags ?? EMPTY;
    assertValidKeys(keys);
    assertValidKeys(tags, 'tag');
    const adapterKeys = [...new Set(keys)].map((key) => this.#keys.entryKey(key));
    const tagKeys = [...new Set(tags)].map((tag) => KeySpace.tagKey(tag));
    if (adapterKeys.length === 0 && tagKeys.length === 0) return;
    await this.#root.invalidations.invalidate(adapterKeys, tagKeys, false, this.#counters);
  }

  /**
   * Runs `fn` in a transaction: invalidations inside are deferred to the
   * outermost commit (when `fn` resolves) and dropped on rollback (when it
   * throws); writes (`set`) become deletes; reads of keys and tags with pending
   * invalidations bypass the cache, and nothing loaded inside is stored.
   * Nestable; scoped to the async context, so concurrent requests do not mix.
   * @returns what `fn` returned.
   * @throws what `fn` threw; InvalidationError when the commit's invalidation fails.
   */
  async transaction<R>(fn: () => Promise<R> | R): Promise<R> {
    this.#assertOpen();
    return this.#root.transactions.run(fn);
  }

  /** Opens a transaction on the current async context (prefer `transaction(fn)`). */
  begin(): void {
    this.#assertOpen();
    this.#root.transactions.begin();
  }

  /**
   * Commits the innermost open transaction of the current async context; the
   * outermost commit applies the deferred invalidations.
   * @throws InvalidOptionsError without an open transaction; InvalidationError.
   */
  async commit(): Promise<void> {
    this.#assertOpen();
    await this.#root.transactions.commit();
  }

  /** Rolls back the innermost open transaction: its deferred invalidations are dropped. */
  rollback(): void {
    this.#root.transactions.rollback();
  }

  /** Subscribes to an event (`hit`, `miss`, `load`, `load-error`, `invalidate`, ...). */
  on<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): this {
    this.#root.events.on(name, listener);
    return this;
  }

  /** Removes a listener added with `on`. */
  off<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): this {
    this.#root.events.off(name, listener);
    return this;
  }

  /** Counters and latency percentiles per layer, in total and per namespace. */
  stats(): CacheStatsSnapshot {
    const { total, namespaces } = this.#root.stats.snapshot();
    const l1 = this.#root.l1;
    return {
      takenAt: Date.now(),
      total,
      namespaces,
      burst:
        l1 === undefined
          ? undefined
          : { items: l1.size, bytes: l1.bytes, maxItems: l1.policy.maxItems, maxBytes: l1.policy.maxBytes },
    };
  }

  /** Resolves once the bus subscription is active (or has failed: see `backend-error`). */
  async ready(): Promise<void> {
    await this.#root.ready();
  }

  /** Reads one value (L2 only). @returns the value, or `undefined` on a miss. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.#assertOpen();
    assertValidKey(key);
    const adapterKey = this.#keys.entryKey(key);
    if (this.#root.blocker()?.blocksKey(adapterKey)) return undefined;
    const entry = await this.#root.adapter.get(adapterKey);
    if (entry === undefined) return undefined;
    const [value] = await readValues(this.#root, [adapterKey], [entry], [0]);
    return value as T | undefined;
  }

  /**
   * Reads many values (L2 only) with one adapter `getMany` for the entries and one
   * for the tag versions of all of them.
   * @returns one slot per key, in input order (duplicates included, each its own copy).
   */
  async getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (keys.length === 0) return [];
    const { unique, slots } = deduplicate(keys.map((key) => this.#keys.entryKey(key)));
    const entries = await this.#root.adapter.getMany(unique);
    return (await readValues(this.#root, unique, entries, slots)) as Array<T | undefined>;
  }

  /** `true` when `get(key)` would return a value. */
  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /**
   * Stores one value in L2 and drops this key from every process's L1 (through
   * the bus, best effort). Inside a transaction the write becomes a delete.
   * @returns `true` when stored; `false` when the TTL was zero or negative (the old
   *   value is removed), the adapter declined, or inside a transaction.
   * @throws SerializationError (before any I/O) for `undefined` and for values the
   *   serializer cannot encode; `InvalidOptionsError` for invalid options.
   */
  async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    this.#assertOpen();
    assertValidKey(key);
    return this.#writes.set(key, value, options ?? NO_OPTIONS);
  }

  /**
   * Stores many values with one adapter `setMany` (plus at most one read and one
   * write of tag versions). Everything is validated and serialized before any I/O.
   * A key given twice ends with the last item. Inside a transaction: deletes.
   * @returns one boolean per item, as for `set`.
   */
  async setMany(items: ReadonlyArray<SetManyItem>): Promise<boolean[]> {
    this.#assertOpen();
    return this.#writes.setMany(items);
  }

  /**
   * Removes one entry (L2, this process's L1, other processes' L1 through the bus,
   * best effort). Deleting a missing key is not an error. To also stop loads that
   * are already running (in any process) from storing it again, use `invalidate`.
   * @returns `true` when an entry was removed (it may already have been unreadable
   *   because one of its tags was invalidated), `false` when there was none.
   */
  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertValidKey(key);
    return (await this.#writes.delete([this.#keys.entryKey(key)])) > 0;
  }

  /** Removes many entries with one adapter call, as `delete`. @returns how many were removed. */
  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (keys.length === 0) return 0;
    return this.#writes.delete(deduplicate(keys.map((key) => this.#keys.entryKey(key))).unique);
  }

  /**
   * Root cache: clears the adapter's namespace and every process's L1. A namespace:
   * invalidates the namespace's implicit tag, so every entry written in it or in
   * its descendants reads as a miss on every adapter (the entries stay until they
   * expire or are evicted). Deferred inside a transaction, like `invalidate`.
   * Rejects with `InvalidationError` when that fails.
   */
  async clear(): Promise<void> {
    this.#assertOpen();
    const tagKey = this.#keys.ownNamespaceTagKey;
    const invalidations = this.#root.invalidations;
    if (tagKey === undefined) await invalidations.invalidate(EMPTY, EMPTY, true, this.#counters);
    else await invalidations.invalidate(EMPTY, [tagKey], false, this.#counters);
  }

  /**
   * Makes every entry tagged with any of `tags` read as a miss, in every namespace
   * over this adapter and in every process sharing it. Same as
   * `invalidate({ tags })`.
   * @throws InvalidKeyError for an empty or non-string tag; `InvalidationError`
   *   when the adapter fails.
   */
  async invalidateTags(tags: readonly string[]): Promise<void> {
    this.#assertOpen();
    assertValidKeys(tags, 'tag');
    if (tags.length === 0) return;
    const tagKeys = [...new Set(tags)].map((tag) => KeySpace.tagKey(tag));
    await this.#root.invalidations.invalidate(EMPTY, tagKeys, false, this.#counters);
  }

  /**
   * Reads the current versions of `tags` (and of this cache's namespaces), creating
   * missing ones. Read them before producing a value, then pass them to `set` as
   * `tagVersions`: an invalidation in between makes the stored entry a miss.
   * With an adapter's native tag index there are no versions; the snapshot is
   * accepted and ignored.
   */
  async readTagVersions(tags: readonly string[]): Promise<TagVersions> {
    this.#assertOpen();
    assertValidKeys(tags, 'tag');
    const unique = [...new Set(tags)];
    const tagKeys = [...unique.map((tag) => KeySpace.tagKey(tag)), ...this.#keys.namespaceTagKeys];
    const versions = await this.#root.strategy.readVersions(tagKeys);
    return createTagVersions(this.#root, unique, versions);
  }

  /**
   * A child cache whose keys live in their own namespace (encoded injectively, so
   * no key of one namespace can reach another). It shares the adapter, the
   * options, the burst layer, the transactions and the tags of this cache.
   * `options.burst` sets the namespace's L1 policy (a shorter TTL, or `false`);
   * by default it inherits this cache's.
   * @throws InvalidOptionsError unless `name` matches `/^[A-Za-z0-9_.-]{1,64}$/`.
   */
  namespace(name: string, options?: NamespaceOptions): Cache {
    this.#assertOpen();
    const keys = this.#keys.child(name);
    let burst = this.#burst;
    if (options !== undefined) {
      checkNames(options, NAMESPACE_OPTION_NAMES, 'namespace');
      if (options.burst !== undefined) burst = callBurst(this.#root, options.burst);
    }
    Cache.#childInit = { root: this.#root, keys, burst };
    return new Cache(undefined as unknown as CacheOptions);
  }

  /**
   * Closes this cache (a root cache also closes its namespaces, unsubscribes from
   * the bus and stops queued retries); later calls reject with `ClosedError`.
   * Idempotent. The injected adapter and bus are not disposed: whoever created
   * them disposes them.
   */
  async dispose(): Promise<void> {
    this.#closed = true;
    if (this.#keys === KeySpace.ROOT) await this.#root.dispose();
  }

  /**
   * Records that `definition` is bound as store `name` in this namespace.
   * Internal to core (`bindStore`).
   * @throws InvalidOptionsError when another definition already uses the name here:
   *   their keys would collide.
   */
  claimStoreName(name: string, definition: object): void {
    const slot = `${this.namespacePath.join('/')}\u0000${name}`;
    const bound = this.#root.storeDefinitions.get(slot);
    if (bound !== undefined && bound !== definition) {
      throw new InvalidOptionsError(
        `[pc:store] a different store named ${JSON.stringify(name)} is already bound to this cache${this.namespacePath.length > 0 ? ` (namespace ${this.namespacePath.join('/')})` : ''}; their keys would collide: give each store its own name`,
      );
    }
    this.#root.storeDefinitions.set(slot, definition);
  }

  #assertOpen(): void {
    if (this.#closed || this.#root.closed) {
      throw new ClosedError('[pc:cache] this cache was disposed; create a new one');
    }
  }

  #plan(options: GetOrLoadOptions<never>): ReadPlan {
    return planOf(this.#root, this.#keys, this.#burst, options);
  }
}

function readCached(cached: CachedValue | undefined): unknown {
  return cached?.read();
}

function deduplicate(keys: readonly string[]): { unique: string[]; slots: number[] } {
  const positions = new Map<string, number>();
  const unique: string[] = [];
  const slots = keys.map((key) => {
    let position = positions.get(key);
    if (position === undefined) {
      position = unique.length;
      positions.set(key, position);
      unique.push(key);
    }
    return position;
  });
  return { unique, slots };
}

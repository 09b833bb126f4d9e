import { type BurstLayer, rootL1Key } from '../burst/burst-layer.js';
import { type ResolvedBurstPolicy, resolveBurstPolicy } from '../burst/burst-options.js';
import type { CachedValue } from '../burst/cached-value.js';
import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { InvalidationTargets } from '../contracts/invalidation-targets.js';
import { ClosedError } from '../errors/closed-error.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { SerializationError } from '../errors/serialization-error.js';
import type { CacheEventListener, CacheEventName } from '../events/cache-events.js';
import type { CacheStatsSnapshot } from '../events/cache-stats.js';
import type { NamespaceCounters } from '../events/stats-recorder.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKey, assertValidKeys } from '../keys/validate-key.js';
import { CacheRuntime, type ReadContext, type ReadPlan } from '../runtime/cache-runtime.js';
import type { GetOrLoadOptions } from '../runtime/get-or-load-options.js';
import type { NamespaceOptions } from '../runtime/namespace-options.js';
import { deserializeValue } from '../serialization/deserialize-value.js';
import { serializeValue } from '../serialization/serialize-value.js';
import { type CacheOptions, resolveCacheOptions } from './cache-options.js';
import { decodeEnvelope, type EntryEnvelope } from './entry-envelope.js';
import { tagKeysOf, validateEntries } from './entry-validation.js';
import type { SetManyItem, SetOptions } from './set-options.js';
import type { PendingWrite } from './tag-strategy.js';
import { createTagVersions, type TagVersions, tagVersionsOf } from './tag-versions.js';

interface PreparedWrite extends PendingWrite {
  /** TTL was zero or negative: the write removes the key. */
  readonly expired: boolean;
}

const SET_OPTION_NAMES = new Set(['ttlMilliseconds', 'tags', 'tagVersions']);
const SET_MANY_ITEM_NAMES = new Set(['key', 'value', ...SET_OPTION_NAMES]);
const LOAD_OPTION_NAMES = new Set(['ttlMilliseconds', 'tags', 'burst']);
const NAMESPACE_OPTION_NAMES = new Set(['burst']);
const NO_OPTIONS: SetOptions = {};
const EMPTY: readonly string[] = [];

/**
 * The pc cache over one shared adapter (L2) with a per-process burst layer (L1):
 * namespaces, key encoding, serialization, TTLs, tags, read-through loads with
 * single-flight and invalidation fences, transactions, a bus for other
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
  /** This namespace's L1 policy. */
  readonly #burst: ResolvedBurstPolicy | false;
  /** The plan of a call without options. */
  readonly #defaultPlan: ReadPlan;
  /** L1, when this namespace uses it by default; `undefined` otherwise. */
  readonly #l1: BurstLayer | undefined;
  /** Prefix of this namespace's L1 keys; `undefined` at the root (see `rootL1Key`). */
  readonly #l1Prefix: string | undefined;
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
    this.#l1 = this.#burst === false ? undefined : this.#root.l1;
    this.#l1Prefix = this.#keys === KeySpace.ROOT ? undefined : this.#keys.entryKey('');
    this.#defaultPlan = {
      ttlMilliseconds: this.#root.defaultTtlMilliseconds,
      staticTagKeys: this.#keys.namespaceTagKeys,
      namespaceTagKeys: this.#keys.namespaceTagKeys,
      tagFunction: undefined,
      burst: this.#burst,
    };
  }

  /** Namespace names from the root cache down to this one; empty for the root. */
  get namespacePath(): readonly string[] {
    return this.#keys.namespacePath;
  }

  /**
   * Reads one value through both layers, loading it on a miss:
   * L1 (this process) -> L2 (one round trip for the entry, its key fence and the
   * versions of the tags known up front) -> `loader` -> L2 write + L1 fill.
   *
   * - Concurrent misses on one key in this process share one load (single-flight);
   *   a caller arriving after an invalidation of the key or its tags starts a new one.
   * - A load that overlaps an invalidation of its key or tags (in any process)
   *   never leaves its value readable; its callers still get the value.
   * - `undefined` from the loader is a miss and is not cached; a loader error
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
    loader: () => Promise<T | undefined> | T | undefined,
    options?: GetOrLoadOptions<T>,
  ): Promise<T | undefined> {
    // The L1 hit path: no validation beyond what a hit implies (only valid keys
    // are ever stored), no allocation but the promise. Options are not inspected
    // on a hit, except `burst: false`.
    const l1 = this.#l1;
    let l1Missed = false;
    if (
      l1 !== undefined &&
      typeof key === 'string' &&
      options?.burst !== false &&
      !this.#closed &&
      !this.#root.closed &&
      !this.#root.maybeBlocked
    ) {
      const hit = l1.getByL1Key(
        this.#l1Prefix === undefined ? rootL1Key(key) : this.#l1Prefix + key,
      );
      if (hit !== undefined) {
        this.#counters.l1Hits++;
        if (this.#root.events.wanted.hit) {
          this.#root.events.emit('hit', { layer: 'l1', key, namespace: this.#context.namespace });
        }
        return (hit.promise ?? Promise.resolve(hit.read())) as Promise<T>;
      }
      l1Missed = true;
    }
    // A concurrent miss joining a load in flight: no request arrays, no batch
    // bookkeeping, one promise per caller. A flight exists only for a valid key.
    if (
      typeof key === 'string' &&
      typeof loader === 'function' &&
      !this.#closed &&
      !this.#root.closed &&
      !this.#root.maybeBlocked
    ) {
      const adapterKey = this.#keys.entryKey(key);
      if (this.#root.flights.find(adapterKey) !== undefined) {
        let plan: ReadPlan;
        try {
          plan = options === undefined ? this.#defaultPlan : this.#plan(options);
        } catch (error) {
          return Promise.reject(error);
        }
        const joined = this.#root.joinRunning(this.#context, key, adapterKey, plan, l1Missed);
        if (joined !== undefined) return joined.then(readCached) as Promise<T | undefined>;
      }
    }
    return this.#getOrLoad(key, loader, options);
  }

  async #getOrLoad<T>(
    key: string,
    loader: () => Promise<T | undefined> | T | undefined,
    options: GetOrLoadOptions<T> | undefined,
  ): Promise<T | undefined> {
    this.#assertOpen();
    assertValidKey(key);
    if (typeof loader !== 'function') {
      throw new InvalidOptionsError('[pc:cache] getOrLoad needs a loader function');
    }
    const plan = options === undefined ? this.#defaultPlan : this.#plan(options);
    const [cached] = await this.#root.readThrough(
      this.#context,
      [{ key, adapterKey: this.#keys.entryKey(key) }],
      async () => [await loader()],
      plan,
    );
    return cached?.read() as T | undefined;
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
    const cached = await this.#root.readThrough(
      this.#context,
      requests,
      loadMany as (keys: readonly string[]) => Promise<ReadonlyMap<string, unknown>>,
      plan,
    );
    return slots.map((slot) => cached[slot]?.read() as T | undefined);
  }

  /**
   * Invalidates keys and tags as one batched operation: deletes the entries and
   * writes key fences and new tag versions in L2 (so loads racing it in any
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
    await this.#root.invalidate(adapterKeys, tagKeys, false, this.#counters);
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
          : {
              items: l1.size,
              bytes: l1.bytes,
              maxItems: l1.policy.maxItems,
              maxBytes: l1.policy.maxBytes,
            },
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
    const blocker = this.#root.blocker();
    if (blocker?.blocksKey(adapterKey)) return undefined;
    const entry = await this.#root.adapter.get(adapterKey);
    if (entry === undefined) return undefined;
    // An entry without tags or key fence needs no validation read: decode it here
    // rather than through the batch path (no arrays, no extra await).
    const envelope = decodeEnvelope(entry.payload);
    if (
      typeof envelope === 'object' &&
      envelope.tagVersions.length === 0 &&
      this.#root.blocker() === undefined
    ) {
      try {
        return deserializeValue(envelope.body) as T;
      } catch {
        await this.#deleteQuietly([adapterKey]);
        return undefined;
      }
    }
    const [value] = await this.#decode([adapterKey], [entry], [0]);
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
    return (await this.#decode(unique, entries, slots)) as Array<T | undefined>;
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
    const write = this.#prepare(key, value, options ?? NO_OPTIONS, SET_OPTION_NAMES, Date.now());
    if (await this.#writeInTransaction([write.adapterKey])) return false;
    let stored = false;
    try {
      if (write.expired) {
        await this.#root.adapter.delete(write.adapterKey);
      } else {
        [stored] = (await this.#root.strategy.write([write], true)) as [boolean];
      }
    } finally {
      this.#root.afterWrite([write.adapterKey]);
    }
    return stored === true;
  }

  /**
   * Stores many values with one adapter `setMany` (plus at most one read and one
   * write of tag versions). Everything is validated and serialized before any I/O.
   * A key given twice ends with the last item. Inside a transaction: deletes.
   * @returns one boolean per item, as for `set`.
   */
  async setMany(items: ReadonlyArray<SetManyItem>): Promise<boolean[]> {
    this.#assertOpen();
    if (!Array.isArray(items)) {
      throw new InvalidOptionsError('[pc:cache] setMany expects an array of { key, value } items');
    }
    if (items.length === 0) return [];
    const now = Date.now();
    const writes = items.map((item: SetManyItem) => {
      if (typeof item !== 'object' || item === null) {
        throw new InvalidOptionsError(
          '[pc:cache] each setMany item must be a { key, value } object',
        );
      }
      assertValidKey(item.key);
      return this.#prepare(item.key, item.value, item, SET_MANY_ITEM_NAMES, now);
    });
    const adapterKeys = writes.map((write) => write.adapterKey);
    if (await this.#writeInTransaction(adapterKeys)) return writes.map(() => false);
    // Expired items go through setMany too (the adapter removes the old value for an
    // expiry at or before now), so a key given twice keeps last-wins order.
    try {
      const results = await this.#root.strategy.write(writes, false);
      return writes.map((write, index) => !write.expired && results[index] === true);
    } finally {
      this.#root.afterWrite(adapterKeys);
    }
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
    const adapterKey = this.#keys.entryKey(key);
    this.#root.transactions.current()?.add([adapterKey], EMPTY, false);
    try {
      return await this.#root.adapter.delete(adapterKey);
    } finally {
      this.#root.afterWrite([adapterKey]);
    }
  }

  /** Removes many entries with one adapter call, as `delete`. @returns how many were removed. */
  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (keys.length === 0) return 0;
    const { unique } = deduplicate(keys.map((key) => this.#keys.entryKey(key)));
    this.#root.transactions.current()?.add(unique, EMPTY, false);
    try {
      return await this.#root.adapter.deleteMany(unique);
    } finally {
      this.#root.afterWrite(unique);
    }
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
    if (tagKey === undefined) await this.#root.invalidate(EMPTY, EMPTY, true, this.#counters);
    else await this.#root.invalidate(EMPTY, [tagKey], false, this.#counters);
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
    await this.#root.invalidate(EMPTY, tagKeys, false, this.#counters);
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
      if (options.burst !== undefined) burst = this.#callBurst(options.burst);
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

  #assertOpen(): void {
    if (this.#closed || this.#root.closed) {
      throw new ClosedError('[pc:cache] this cache was disposed; create a new one');
    }
  }

  /** Inside a transaction: deletes the keys now and records them as pending. */
  async #writeInTransaction(adapterKeys: readonly string[]): Promise<boolean> {
    const transaction = this.#root.transactions.current();
    if (transaction === undefined) return false;
    transaction.add(adapterKeys, EMPTY, false);
    try {
      await this.#root.adapter.deleteMany(adapterKeys);
    } finally {
      this.#root.afterWrite(adapterKeys);
    }
    return true;
  }

  /** Validates the options of `getOrLoad` / `getManyOrLoad` into a plan. */
  #plan(options: GetOrLoadOptions<never>): ReadPlan {
    checkNames(options, LOAD_OPTION_NAMES, 'getOrLoad');
    const { ttlMilliseconds, tags, burst } = options as GetOrLoadOptions<unknown>;
    if (
      ttlMilliseconds !== undefined &&
      (typeof ttlMilliseconds !== 'number' || Number.isNaN(ttlMilliseconds))
    ) {
      throw new InvalidOptionsError(
        `[pc:cache] set "ttlMilliseconds" to a number of milliseconds, got ${String(ttlMilliseconds)}`,
      );
    }
    let staticTagKeys = this.#keys.namespaceTagKeys;
    let tagFunction: ReadPlan['tagFunction'];
    if (typeof tags === 'function') {
      tagFunction = tags as ReadPlan['tagFunction'];
    } else if (tags !== undefined) {
      if (!Array.isArray(tags)) {
        throw new InvalidOptionsError(
          '[pc:cache] set "tags" to an array of tag strings or a function (value) => tags',
        );
      }
      assertValidKeys(tags, 'tag');
      staticTagKeys = [
        ...[...new Set(tags as readonly string[])].map((tag) => KeySpace.tagKey(tag)),
        ...this.#keys.namespaceTagKeys,
      ];
    }
    const ttl = ttlMilliseconds ?? this.#root.defaultTtlMilliseconds;
    return {
      ttlMilliseconds: ttl === Number.POSITIVE_INFINITY ? undefined : ttl,
      staticTagKeys,
      namespaceTagKeys: this.#keys.namespaceTagKeys,
      tagFunction,
      burst: burst === undefined ? this.#burst : this.#callBurst(burst),
    };
  }

  /** A namespace's or a call's L1 policy: its TTL, the root's caps. */
  #callBurst(burst: unknown): ResolvedBurstPolicy | false {
    const base = this.#root.burstPolicy;
    const resolved = resolveBurstPolicy(
      burst as ResolvedBurstPolicy | false,
      base === false ? { ttlMilliseconds: 1, maxItems: 1, maxBytes: 1 } : base,
      'burst',
    );
    if (resolved === false || base === false) return false;
    return { ...base, ttlMilliseconds: resolved.ttlMilliseconds };
  }

  /** Validates and serializes one write; throws before any I/O. */
  #prepare(
    key: string,
    value: unknown,
    options: SetOptions,
    knownNames: ReadonlySet<string>,
    now: number,
  ): PreparedWrite {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionsError('[pc:cache] set options must be an object');
    }
    for (const name of Object.keys(options)) {
      if (!knownNames.has(name)) {
        throw new InvalidOptionsError(
          `[pc:cache] unknown set option "${name}"; known: ${[...SET_OPTION_NAMES].join(', ')}`,
        );
      }
    }
    const { ttlMilliseconds, tags, tagVersions } = options;
    if (
      ttlMilliseconds !== undefined &&
      (typeof ttlMilliseconds !== 'number' || Number.isNaN(ttlMilliseconds))
    ) {
      throw new InvalidOptionsError(
        `[pc:cache] set "ttlMilliseconds" to a number of milliseconds, got ${String(ttlMilliseconds)}`,
      );
    }
    if (tags !== undefined && !Array.isArray(tags)) {
      throw new InvalidOptionsError('[pc:cache] set "tags" to an array of tag strings');
    }
    if (tags !== undefined) assertValidKeys(tags, 'tag');
    let captured: ReadonlyMap<string, string> | undefined;
    if (tagVersions !== undefined) {
      captured = tagVersionsOf(tagVersions, this.#root);
      if (captured === undefined) {
        throw new InvalidOptionsError(
          '[pc:cache] "tagVersions" must come from readTagVersions() of a cache over the same root',
        );
      }
    }
    if (value === undefined) {
      throw new SerializationError(
        `[pc:cache] cannot store undefined at key ${JSON.stringify(key.slice(0, 100))}: ` +
          'undefined is what a miss reads as; store null instead',
      );
    }
    const body = serializeValue(value);
    const adapterKey = this.#keys.entryKey(key);
    const ttl = ttlMilliseconds ?? this.#root.defaultTtlMilliseconds;
    if (ttl !== undefined && ttl <= 0) {
      return {
        adapterKey,
        body,
        expiresAt: now,
        tagKeys: [],
        capturedVersions: undefined,
        expired: true,
      };
    }
    const tagKeys = [...new Set(tags ?? [])].map((tag) => KeySpace.tagKey(tag));
    tagKeys.push(...this.#keys.namespaceTagKeys);
    if (captured !== undefined && this.#root.usesTagVersions) {
      for (const tagKey of tagKeys) {
        if (!captured.has(tagKey)) {
          throw new InvalidOptionsError(
            `[pc:cache] "tagVersions" does not cover ${tagKey.startsWith('t:') ? `tag ${JSON.stringify(tagKey.slice(2))}` : 'this namespace'}; ` +
              'read them with readTagVersions() on this cache with every tag you pass to set',
          );
        }
      }
    } else {
      captured = undefined;
    }
    return {
      adapterKey,
      body,
      expiresAt: ttl === undefined || ttl === Number.POSITIVE_INFINITY ? undefined : now + ttl,
      tagKeys,
      capturedVersions: captured,
      expired: false,
    };
  }

  /**
   * Turns raw entries into values: envelopes first, then one validation read for
   * the tags and key fences of all of them, then the bodies (one fresh copy per
   * output slot). Inside a transaction, entries of keys or tags with pending
   * invalidations read as misses.
   */
  async #decode(
    adapterKeys: readonly string[],
    entries: ReadonlyArray<AdapterEntry | undefined>,
    slots: readonly number[],
  ): Promise<unknown[]> {
    const blocker = this.#root.blocker();
    const corrupt: string[] = [];
    const envelopes: Array<EntryEnvelope | undefined> = new Array(adapterKeys.length);
    const pending: Array<{ adapterKey: string; envelope: EntryEnvelope }> = [];
    const pendingIndexes: number[] = [];
    entries.forEach((entry, index) => {
      if (entry === undefined) return;
      const adapterKey = adapterKeys[index]!;
      if (blocker?.blocksKey(adapterKey)) return;
      const envelope = decodeEnvelope(entry.payload);
      if (envelope === 'corrupt') corrupt.push(adapterKey);
      else if (envelope !== 'newer-format') {
        if (blocker?.blocksAnyTag(tagKeysOf(envelope))) return;
        pending.push({ adapterKey, envelope });
        pendingIndexes.push(index);
      }
    });
    if (pending.length > 0) {
      const valid = await validateEntries(this.#root.adapter, this.#root.usesTagVersions, pending);
      valid.forEach((ok, position) => {
        if (ok) envelopes[pendingIndexes[position]!] = pending[position]!.envelope;
      });
    }
    const values = slots.map((index) => {
      const envelope = envelopes[index];
      if (envelope === undefined) return undefined;
      try {
        return deserializeValue(envelope.body);
      } catch {
        envelopes[index] = undefined;
        corrupt.push(adapterKeys[index]!);
        return undefined;
      }
    });
    if (corrupt.length > 0) await this.#deleteQuietly(corrupt);
    return values;
  }

  async #deleteQuietly(adapterKeys: readonly string[]): Promise<void> {
    try {
      await this.#root.adapter.deleteMany(adapterKeys);
    } catch {
      // Best effort: the entry keeps reading as a miss either way.
    }
  }
}

function checkNames(options: object, known: ReadonlySet<string>, what: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError(`[pc:cache] ${what} options must be an object`);
  }
  for (const name of Object.keys(options)) {
    if (!known.has(name)) {
      throw new InvalidOptionsError(
        `[pc:cache] unknown ${what} option "${name}"; known: ${[...known].join(', ')}`,
      );
    }
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

import { rootL1Key } from '../burst/burst-layer.js';
import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import type { CachedValue } from '../burst/cached-value.js';
import { CodecChain } from '../codecs/codec-chain.js';
import type { InvalidationTargets } from '../contracts/invalidation-targets.js';
import { dependencyTagKeysOf, trackInputs } from '../derived/dependents.js';
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
import { type ResiliencePolicy, resolveResilience } from '../runtime/resilience-policy.js';
import { createTagVersions, type TagVersions } from '../tags/tag-versions.js';
import type { CacheApi } from './cache-api.js';
import { type CacheOptions, resolveCacheOptions } from './cache-options.js';
import { callKeys, readAtSlots } from './call-keys.js';
import { checkNames, NAMESPACE_OPTION_NAMES } from './option-names.js';
import { plainRead } from './plain-read.js';
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
 * processes' L1, events and stats. What each member promises: `CacheApi`.
 */
export class Cache implements CacheApi {
  static #childInit:
    | {
        readonly root: CacheRuntime;
        readonly keys: KeySpace;
        readonly burst: ResolvedBurstPolicy | false;
        readonly codecs: CodecChain | undefined;
        readonly resilience: ResiliencePolicy;
      }
    | undefined;

  readonly #root: CacheRuntime;
  readonly #keys: KeySpace;
  readonly #context: ReadContext;
  readonly #counters: NamespaceCounters;
  readonly #writes: Writes;
  /** This namespace's L1 policy. */
  readonly #burst: ResolvedBurstPolicy | false;
  /** This namespace's payload codecs. */
  readonly #codecs: CodecChain | undefined;
  /** This namespace's grace, timeouts and early refresh. */
  readonly #resilience: ResiliencePolicy;
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
      this.#codecs = child.codecs;
      this.#resilience = child.resilience;
    } else {
      const resolved = resolveCacheOptions(options);
      this.#root = new CacheRuntime(resolved);
      this.#keys = KeySpace.ROOT;
      this.#burst = resolved.burst;
      this.#codecs = resolved.codecs;
      this.#resilience = resolved.resilience;
    }
    const namespace = this.#keys.namespacePath.join('/');
    this.#counters = this.#root.stats.forNamespace(namespace);
    this.#context = { namespace, counters: this.#counters, codecs: this.#codecs };
    this.#writes = new Writes(this.#root, this.#keys, this.#codecs);
    this.#l1 = this.#burst !== false && this.#root.l1 !== undefined;
    this.#l1Prefix = this.#keys === KeySpace.ROOT ? undefined : this.#keys.entryKey('');
    this.#defaultPlan = defaultPlan(this.#root, this.#keys, this.#burst, this.#resilience);
  }

  get namespacePath(): readonly string[] {
    return this.#keys.namespacePath;
  }

  getOrLoad<T>(
    key: string,
    loader: () => Promise<T> | T,
    options?: GetOrLoadOptions<Exclude<T, undefined>>,
  ): Promise<T> {
    const root = this.#root;
    const usable = typeof key === 'string' && !this.#closed && !root.closed && !root.maybeBlocked;
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
    let adapterKey: string | undefined;
    if (usable && typeof loader === 'function') {
      adapterKey = this.#keys.entryKey(key);
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
    return this.#getOrLoad(key, loader, options, adapterKey);
  }

  /**
   * Not `async`: one promise layer less on every L1 miss; checks reject, not throw.
   * `adapterKey`: the key's entry key when the caller already made it.
   */
  #getOrLoad<T>(
    key: string,
    loader: () => Promise<T> | T,
    options: GetOrLoadOptions<Exclude<T, undefined>> | undefined,
    adapterKey: string | undefined,
  ): Promise<T> {
    let plan: ReadPlan;
    try {
      this.#assertOpen();
      assertValidKey(key);
      if (typeof loader !== 'function') {
        throw new InvalidOptionsError('[pc:cache] getOrLoad needs a loader function');
      }
      plan = options === undefined ? this.#defaultPlan : this.#plan(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return readThrough(
      this.#root,
      this.#context,
      { keys: [key], adapterKeys: [adapterKey ?? this.#keys.entryKey(key)] },
      async () => [await loader()],
      plan,
      readFirst,
    ) as Promise<T>;
  }

  /** Not `async` (returning the read's promise from one costs two more microtasks). */
  getManyOrLoad<T>(
    keys: readonly string[],
    loadMany: (
      missingKeys: readonly string[],
    ) => Promise<ReadonlyMap<string, T> | ReadonlyArray<T | undefined>>,
    options?: GetOrLoadOptions<T>,
  ): Promise<Array<T | undefined>> {
    let plan: ReadPlan;
    try {
      this.#assertOpen();
      assertValidKeys(keys);
      if (typeof loadMany !== 'function') {
        throw new InvalidOptionsError('[pc:cache] getManyOrLoad needs a loadMany function');
      }
      plan = options === undefined ? this.#defaultPlan : this.#plan(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (keys.length === 0) return Promise.resolve([]);
    const called = callKeys(keys, this.#keys);
    return readThrough(this.#root, this.#context, called, loadMany, plan, (cached) =>
      readAtSlots(called.slots, cached),
    ) as Promise<Array<T | undefined>>;
  }

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
    // Inputs of derived caches: their dependency tags go with them (derived/dependents.ts).
    for (const tagKey of dependencyTagKeysOf(this.#root, adapterKeys)) tagKeys.push(tagKey);
    await this.#root.invalidations.invalidate(adapterKeys, tagKeys, false, this.#counters);
  }

  async transaction<R>(fn: () => Promise<R> | R): Promise<R> {
    this.#assertOpen();
    return this.#root.transactions.run(fn);
  }

  begin(): void {
    this.#assertOpen();
    this.#root.transactions.begin();
  }

  async commit(): Promise<void> {
    this.#assertOpen();
    await this.#root.transactions.commit();
  }

  rollback(): void {
    this.#root.transactions.rollback();
  }

  on<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): this {
    this.#root.events.on(name, listener);
    return this;
  }

  off<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): this {
    this.#root.events.off(name, listener);
    return this;
  }

  stats(): CacheStatsSnapshot {
    return this.#root.statsSnapshot();
  }

  async ready(): Promise<void> {
    await this.#root.ready();
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.#assertOpen();
    assertValidKey(key);
    const adapterKey = this.#keys.entryKey(key);
    if (this.#root.blocker()?.blocksKey(adapterKey)) return undefined;
    const [value] = await plainRead(this.#root, 1, async () => {
      const entry = await this.#root.adapter.get(adapterKey);
      if (entry === undefined) return [undefined];
      return readValues(this.#root, [adapterKey], [entry], [0], this.#codecs);
    });
    return value as T | undefined;
  }

  async getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (keys.length === 0) return [];
    const { adapterKeys, slots } = callKeys(keys, this.#keys);
    return (await plainRead(this.#root, keys.length, async () => {
      const entries = await this.#root.adapter.getMany(adapterKeys);
      return readValues(this.#root, adapterKeys, entries, slots, this.#codecs);
    })) as Array<T | undefined>;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    this.#assertOpen();
    assertValidKey(key);
    return this.#writes.set(key, value, options ?? NO_OPTIONS);
  }

  async setMany(items: ReadonlyArray<SetManyItem>): Promise<boolean[]> {
    this.#assertOpen();
    return this.#writes.setMany(items);
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertValidKey(key);
    return (await this.#writes.delete([this.#keys.entryKey(key)])) > 0;
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertValidKeys(keys);
    if (keys.length === 0) return 0;
    return this.#writes.delete(callKeys(keys, this.#keys).adapterKeys);
  }

  async clear(): Promise<void> {
    this.#assertOpen();
    const tagKey = this.#keys.ownNamespaceTagKey;
    const invalidations = this.#root.invalidations;
    if (tagKey === undefined) await invalidations.invalidate(EMPTY, EMPTY, true, this.#counters);
    else await invalidations.invalidate(EMPTY, [tagKey], false, this.#counters);
  }

  async invalidateTags(tags: readonly string[]): Promise<void> {
    this.#assertOpen();
    assertValidKeys(tags, 'tag');
    if (tags.length === 0) return;
    const tagKeys = [...new Set(tags)].map((tag) => KeySpace.tagKey(tag));
    await this.#root.invalidations.invalidate(EMPTY, tagKeys, false, this.#counters);
  }

  async readTagVersions(tags: readonly string[]): Promise<TagVersions> {
    this.#assertOpen();
    assertValidKeys(tags, 'tag');
    const unique = [...new Set(tags)];
    const tagKeys = [...unique.map((tag) => KeySpace.tagKey(tag)), ...this.#keys.namespaceTagKeys];
    const versions = await this.#root.strategy.readVersions(tagKeys);
    return createTagVersions(this.#root, unique, versions);
  }

  namespace(name: string, options?: NamespaceOptions): Cache {
    this.#assertOpen();
    const keys = this.#keys.child(name);
    let burst = this.#burst;
    let codecs = this.#codecs;
    let resilience = this.#resilience;
    if (options !== undefined) {
      checkNames(options, NAMESPACE_OPTION_NAMES, 'namespace');
      if (options.burst !== undefined) burst = callBurst(this.#root, options.burst);
      if (options.codecs !== undefined) codecs = CodecChain.of(options.codecs, 'codecs');
      resilience = resolveResilience(options, resilience, 'namespace');
    }
    Cache.#childInit = { root: this.#root, keys, burst, codecs, resilience };
    return new Cache(undefined as unknown as CacheOptions);
  }

  async dispose(): Promise<void> {
    this.#closed = true;
    if (this.#keys === KeySpace.ROOT) await this.#root.dispose();
  }

  /**
   * Records that `definition` is bound as store `name` in this namespace.
   * Internal to core (`bindStore`).
   * @throws InvalidOptionsError when another definition already uses the name here.
   */
  claimStoreName(name: string, definition: object): void {
    this.#root.storeNames.claim(this.namespacePath, name, definition);
  }

  /**
   * Records that the entries of store or derived cache `name` in this namespace
   * feed a derived cache: invalidating one by key then also invalidates its
   * dependency tag. Internal to core (`bindDerivedCache`).
   */
  trackDependents(name: string): void {
    trackInputs(this.#root, this.#keys.entryKey(`${name}:`));
  }

  #assertOpen(): void {
    if (this.#closed || this.#root.closed) {
      throw new ClosedError('[pc:cache] this cache was disposed; create a new one');
    }
  }

  #plan(options: GetOrLoadOptions<never>): ReadPlan {
    return planOf(this.#root, this.#keys, this.#burst, this.#resilience, options);
  }
}

function readCached(cached: CachedValue | undefined): unknown {
  return cached?.read();
}

function readFirst(cached: ReadonlyArray<CachedValue | undefined>): unknown {
  return cached[0]?.read();
}

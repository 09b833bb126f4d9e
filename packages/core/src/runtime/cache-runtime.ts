import { randomBytes } from 'node:crypto';
import { BurstLayer } from '../burst/burst-layer.js';
import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import { CachedValue } from '../burst/cached-value.js';
import type { ResolvedCacheOptions } from '../cache/cache-options.js';
import { decodeEnvelope, type EntryEnvelope } from '../cache/entry-envelope.js';
import { type EnvelopeToValidate, tagKeysOf, validateEntries } from '../cache/entry-validation.js';
import { NativeTagStrategy } from '../cache/native-tag-strategy.js';
import type { PendingWrite, TagStrategy } from '../cache/tag-strategy.js';
import { newVersion, TagVersionStrategy } from '../cache/tag-version-strategy.js';
import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import type { BusMessage, InvalidationBus } from '../contracts/invalidation-bus.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { InvalidationError } from '../errors/invalidation-error.js';
import { PcError } from '../errors/pc-error.js';
import { EventHub } from '../events/event-hub.js';
import type { NamespaceCounters } from '../events/stats-recorder.js';
import { StatsRecorder } from '../events/stats-recorder.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKeys } from '../keys/validate-key.js';
import { serializeValue } from '../serialization/serialize-value.js';
import { PendingInvalidations } from '../transactions/pending-invalidations.js';
import { TransactionScope } from '../transactions/transaction-scope.js';
import type { Flight } from './flight.js';
import { FlightTable } from './flight.js';
import { InvalidationRetryQueue } from './invalidation-retry-queue.js';
import { FENCE_PAIR_KEY, fenceKeyOf, TAG_EPOCH_KEY } from './reserved-keys.js';
import { unfencedTtlCapMilliseconds } from './unfenced-ttl-cap.js';

/** Where a read comes from: its namespace label and counters. */
export interface ReadContext {
  readonly namespace: string;
  readonly counters: NamespaceCounters;
}

/** One key of a read-through call. */
export interface ReadRequest {
  readonly key: string;
  readonly adapterKey: string;
}

/** The options of one read-through call, validated and resolved. */
export interface ReadPlan {
  /** L2 TTL in milliseconds; `undefined`: never expires. <= 0: loaded values are not stored. */
  readonly ttlMilliseconds: number | undefined;
  /** Tag keys known before loading: argument tags plus the namespace's tags. */
  readonly staticTagKeys: readonly string[];
  /** The namespace's tag keys (part of `staticTagKeys`). */
  readonly namespaceTagKeys: readonly string[];
  /** Tags computed from each loaded value, when `tags` is a function. */
  readonly tagFunction: ((value: unknown, key: string) => readonly string[]) | undefined;
  /** L1 policy of this call; `false`: L1 is neither read nor filled. */
  readonly burst: ResolvedBurstPolicy | false;
}

/** What a batched loader returns: a map by key, or values aligned with the keys. */
export type LoadResult = ReadonlyMap<string, unknown> | ReadonlyArray<unknown>;

/** Something that makes reads bypass the cache: a transaction, queued invalidations. */
interface Blocker {
  blocksKey(adapterKey: string): boolean;
  blocksAnyTag(tagKeys: Iterable<string>): boolean;
}

/** Per key of a read-through call that reads L2 and maybe loads. */
interface OwnRead {
  readonly index: number;
  readonly flight: Flight;
  /** Fence version read before the load; `''`: no fence record; `undefined`: unknown. */
  fence: string | undefined;
}

const EMPTY: readonly string[] = [];
const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * The state and the read/invalidate machinery a root cache shares with its
 * namespaces: adapter (L2), tag strategy, burst layer (L1), loads in flight,
 * transactions, queued invalidations, bus, events and stats. Works on adapter
 * keys; the `Cache` facade validates input and maps user keys.
 */
export class CacheRuntime {
  readonly adapter: CacheAdapter;
  readonly strategy: TagStrategy;
  /** `false` when the adapter's native tag index is used (no versions to fence with). */
  readonly usesTagVersions: boolean;
  readonly defaultTtlMilliseconds: number | undefined;
  /** The cache-level L1 policy; `false` when L1 is off. */
  readonly burstPolicy: ResolvedBurstPolicy | false;
  readonly l1: BurstLayer | undefined;
  readonly flights = new FlightTable();
  readonly transactions: TransactionScope;
  readonly events: EventHub;
  readonly stats = new StatsRecorder();
  /**
   * `false` while no transaction was ever opened and no invalidation is queued:
   * then no read can be blocked and the L1 hit path skips `blocker()`.
   */
  maybeBlocked = false;
  /** Identifies this process's cache on the bus. */
  readonly origin = randomBytes(9).toString('base64url');
  closed = false;
  readonly #bus: InvalidationBus | undefined;
  #unsubscribe: Promise<(() => Promise<void>) | undefined> | undefined;
  readonly #failure: 'reject' | 'queue';
  readonly #keyFenceTtl: number;
  readonly #staleIfError: number;
  readonly #queue: InvalidationRetryQueue;

  constructor(options: ResolvedCacheOptions) {
    const native = options.nativeTagAdapter;
    this.adapter = options.adapter;
    this.strategy = native
      ? new NativeTagStrategy(native)
      : new TagVersionStrategy(options.adapter);
    this.usesTagVersions = native === undefined;
    this.defaultTtlMilliseconds = options.defaultTtlMilliseconds;
    this.burstPolicy = options.burst;
    this.#staleIfError = options.staleIfErrorMilliseconds;
    this.l1 =
      options.burst === false ? undefined : new BurstLayer(options.burst, this.#staleIfError > 0);
    this.events = new EventHub(options.onEvent);
    this.transactions = new TransactionScope(
      (pending) => this.applyInvalidation([...pending.keys], [...pending.tags], pending.all),
      () => this.#updateMaybeBlocked(),
    );
    this.#failure = options.invalidationFailure;
    this.#keyFenceTtl = options.keyFenceTtlMilliseconds;
    this.#queue = new InvalidationRetryQueue({
      apply: (keys, tags, all) => this.#applyShared(keys, tags, all),
      events: this.events,
      baseDelayMilliseconds: options.invalidationRetryDelayMilliseconds,
      maxDelayMilliseconds: options.invalidationRetryMaxDelayMilliseconds,
      onSettled: (keys, tags, all) => this.#dropLocal(new Set(keys), new Set(tags), all),
      onPendingChange: () => this.#updateMaybeBlocked(),
    });
    this.#bus = options.bus;
    if (this.#bus !== undefined) this.#subscribe(this.#bus);
  }

  #updateMaybeBlocked(): void {
    this.maybeBlocked = this.transactions.used || this.#queue.pending !== undefined;
  }

  /** Reads must bypass the cache for what this names (transaction, queued failures). */
  blocker(): Blocker | undefined {
    if (!this.maybeBlocked) return undefined;
    const transaction = this.transactions.current();
    const queued = this.#queue.pending;
    if (queued === undefined) return transaction;
    if (transaction === undefined) return queued;
    return {
      blocksKey: (key) => transaction.blocksKey(key) || queued.blocksKey(key),
      blocksAnyTag: (tags) => transaction.blocksAnyTag(tags) || queued.blocksAnyTag(tags),
    };
  }

  /**
   * The read-through core: L1, then loads in flight, then one L2 `getMany` for
   * the entries, their key fences and the known tags' versions, then one loader
   * call for every miss, then one L2 write and the L1 fill.
   * @returns one cached value (or `undefined`) per request, in order.
   */
  /**
   * `readThrough` of one key that another caller is loading, without its batch
   * bookkeeping: when a joinable flight of `adapterKey` runs and L1 misses, the
   * flight's promise (counted and reported as `readThrough` does); `undefined`
   * when the general path must run (no flight, an L1 hit, a possible blocker).
   * `l1Missed`: the caller has just missed L1 for this key (no second lookup).
   */
  joinRunning(
    context: ReadContext,
    key: string,
    adapterKey: string,
    plan: ReadPlan,
    l1Missed = false,
  ): Promise<CachedValue | undefined> | undefined {
    if (this.maybeBlocked) return undefined;
    const running = this.flights.find(adapterKey);
    if (running === undefined) return undefined;
    const counters = context.counters;
    if (this.l1 !== undefined && plan.burst !== false) {
      // `l1Missed`: the caller looked this key up in L1 just now, synchronously.
      if (!l1Missed && this.l1.get(adapterKey) !== undefined) return undefined;
      counters.l1Misses++;
      if (this.events.wanted.miss) {
        this.events.emit('miss', { layer: 'l1', key, namespace: context.namespace });
      }
    }
    counters.joins++;
    return running.promise;
  }

  async readThrough(
    context: ReadContext,
    requests: readonly ReadRequest[],
    load: (keys: readonly string[]) => Promise<LoadResult>,
    plan: ReadPlan,
  ): Promise<Array<CachedValue | undefined>> {
    const counters = context.counters;
    const events = this.events;
    const results = new Array<CachedValue | undefined>(requests.length);
    const transaction = this.transactions.current();
    const blocker = this.blocker();
    const inTransaction = transaction !== undefined;
    const burst = this.l1 !== undefined ? plan.burst : false;
    const tagsBlocked = blocker?.blocksAnyTag(plan.staticTagKeys) ?? false;
    const joins: Array<Promise<void>> = [];
    const own: OwnRead[] = [];
    const bypass: number[] = [];

    for (let index = 0; index < requests.length; index++) {
      const request = requests[index]!;
      if (blocker !== undefined && (tagsBlocked || blocker.blocksKey(request.adapterKey))) {
        bypass.push(index);
        continue;
      }
      if (burst !== false) {
        const hit = this.l1!.get(request.adapterKey);
        if (hit !== undefined) {
          results[index] = hit;
          counters.l1Hits++;
          if (events.wanted.hit) {
            events.emit('hit', { layer: 'l1', key: request.key, namespace: context.namespace });
          }
          continue;
        }
        counters.l1Misses++;
        if (events.wanted.miss) {
          events.emit('miss', { layer: 'l1', key: request.key, namespace: context.namespace });
        }
      }
      const running = this.flights.find(request.adapterKey);
      if (running !== undefined) {
        counters.joins++;
        joins.push(
          running.promise.then((value) => {
            results[index] = value;
          }),
        );
        continue;
      }
      own.push({
        index,
        // Loads inside a transaction may see uncommitted data: nobody joins them.
        flight: this.flights.start(
          request.adapterKey,
          plan.staticTagKeys,
          plan.tagFunction !== undefined,
          !inTransaction,
        ),
        fence: undefined,
      });
    }

    if (own.length > 0 || bypass.length > 0) {
      try {
        await this.#readOwn(
          context,
          requests,
          own,
          bypass,
          load,
          plan,
          burst,
          results,
          inTransaction,
        );
      } catch (error) {
        for (const read of own) {
          read.flight.reject(error);
          this.flights.finish(read.flight);
        }
        // This call fails now: loads it joined must not surface as unhandled rejections.
        for (const join of joins) join.catch(() => {});
        throw error;
      }
    }
    if (joins.length > 0) await Promise.all(joins);
    return results;
  }

  async #readOwn(
    context: ReadContext,
    requests: readonly ReadRequest[],
    own: OwnRead[],
    bypass: readonly number[],
    load: (keys: readonly string[]) => Promise<LoadResult>,
    plan: ReadPlan,
    burst: ResolvedBurstPolicy | false,
    results: Array<CachedValue | undefined>,
    inTransaction: boolean,
  ): Promise<void> {
    const counters = context.counters;
    const events = this.events;
    const loadStartedAt = Date.now();
    const dynamic = plan.tagFunction !== undefined && this.usesTagVersions;
    // Versions of known tags as of before the load (created when missing).
    const versions = new Map<string, string>();
    let epoch: string | undefined;
    // L2 entries cannot be written without knowing the fences and versions.
    let canStore = !inTransaction;

    const misses: OwnRead[] = [];
    if (own.length > 0) {
      const l2 = await this.#readL2(context, requests, own, plan, dynamic);
      if (l2 === undefined) {
        canStore = false;
        misses.push(...own);
      } else {
        const { records } = l2;
        const hits = await this.#decodeHits(context, requests, own, l2, misses);
        for (const [read, cached, entry, tagKeys] of hits) {
          results[read.index] = cached;
          if (burst !== false && read.flight.fillable) {
            this.l1!.set(read.flight.adapterKey, cached, tagKeys, l1Ttl(burst, entry.expiresAt));
          }
          this.#settle(read.flight, cached);
        }
        if (misses.length > 0 && canStore) {
          const missing: Array<readonly [string, AdapterEntry]> = [];
          for (const tagKey of plan.staticTagKeys) {
            const version = records.get(tagKey);
            if (version !== undefined) versions.set(tagKey, version);
            else if (this.usesTagVersions && !versions.has(tagKey)) {
              const created = newVersion();
              versions.set(tagKey, created);
              missing.push([tagKey, { payload: created }]);
            }
          }
          if (dynamic) {
            epoch = records.get(TAG_EPOCH_KEY);
            if (epoch === undefined) {
              epoch = newVersion();
              missing.push([TAG_EPOCH_KEY, { payload: epoch }]);
            }
          }
          if (missing.length > 0) {
            // If this write is lost or raced, entries stored with these versions
            // never match: a miss, never a stale hit.
            try {
              await this.adapter.setMany(missing);
            } catch (error) {
              canStore = false;
              this.#backendError('write', error);
            }
          }
        }
      }
    }
    if (misses.length === 0 && bypass.length === 0) return;

    // One loader call for every key that missed, in input order.
    const loadIndexes = [...misses.map((read) => read.index), ...bypass].sort((a, b) => a - b);
    const loadKeys = loadIndexes.map((index) => requests[index]!.key);
    counters.loadCalls++;
    counters.loadKeys += loadKeys.length;
    const started = performance.now();
    let loaded: LoadResult;
    try {
      loaded = await load(loadKeys);
    } catch (error) {
      counters.loadErrors++;
      if (events.wanted['load-error']) {
        events.emit('load-error', { keys: loadKeys, namespace: context.namespace, error });
      }
      const stale = bypass.length === 0 && burst !== false ? this.#staleValues(misses) : undefined;
      if (stale === undefined) throw error;
      counters.staleHits += stale.length;
      if (events.wanted.stale) {
        events.emit('stale', { keys: loadKeys, namespace: context.namespace, error });
      }
      misses.forEach((read, position) => {
        results[read.index] = stale[position];
        this.#settle(read.flight, stale[position]);
      });
      return;
    }
    const duration = performance.now() - started;
    this.stats.recordLoad(counters, duration);
    if (events.wanted.load) {
      events.emit('load', {
        keys: loadKeys,
        namespace: context.namespace,
        durationMilliseconds: duration,
      });
    }
    const loadedValue = loadedLookup(loaded, loadKeys);

    for (const index of bypass) {
      const value = loadedValue(requests[index]!.key);
      results[index] =
        value === undefined ? undefined : CachedValue.fromBody(serializeValue(value));
    }

    const ttl = plan.ttlMilliseconds;
    const store = canStore && (ttl === undefined || ttl > 0);
    const writes: Array<{ read: OwnRead; cached: CachedValue; write: PendingWrite }> = [];
    const fills: Array<{ read: OwnRead; cached: CachedValue; tagKeys: readonly string[] }> = [];
    const valueTags: Array<readonly string[]> = [];
    for (const read of misses) {
      const request = requests[read.index]!;
      const value = loadedValue(request.key);
      if (value === undefined) {
        this.#settle(read.flight, undefined);
        continue;
      }
      const body = serializeValue(value);
      const cached = CachedValue.fromBody(body);
      results[read.index] = cached;
      let tagKeys = plan.staticTagKeys;
      if (plan.tagFunction !== undefined) {
        const tags = plan.tagFunction(value, request.key);
        assertValidKeys(tags, 'tag');
        tagKeys = [
          ...[...new Set(tags)].map((tag) => KeySpace.tagKey(tag)),
          ...plan.namespaceTagKeys,
        ];
        if (!read.flight.tagsStillValid(tagKeys)) read.flight.fillable = false;
      }
      if (!read.flight.fillable || inTransaction) {
        this.#settle(read.flight, cached);
        continue;
      }
      fills.push({ read, cached, tagKeys });
      if (store && read.fence !== undefined) {
        let expiresAt = ttl === undefined ? undefined : loadStartedAt + ttl;
        if (read.fence === '') {
          // No fence record existed when the load began; a fence written later may
          // expire before this entry would: cap the entry well within its lifetime.
          const cap = loadStartedAt + unfencedTtlCapMilliseconds(this.#keyFenceTtl);
          if (expiresAt === undefined || expiresAt > cap) expiresAt = cap;
        }
        writes.push({
          read,
          cached,
          write: {
            adapterKey: read.flight.adapterKey,
            body,
            expiresAt,
            tagKeys,
            capturedVersions: versions,
            extraPairs: [FENCE_PAIR_KEY, read.fence],
          },
        });
        valueTags.push(tagKeys);
      }
    }

    if (writes.length > 0) {
      let storable = true;
      if (dynamic) storable = await this.#captureValueTagVersions(valueTags, versions, epoch);
      if (storable) {
        try {
          // One entry: the adapter's `set` (for Redis a plain SET, not a pipeline).
          await this.strategy.write(
            writes.map((item) => item.write),
            writes.length === 1,
          );
        } catch (error) {
          this.#backendError('write', error);
        }
      } else {
        // The epoch moved: a tag was invalidated somewhere while loading, maybe one
        // of these values' tags. Hand the values out, keep them out of every layer.
        for (const item of writes) item.read.flight.fillable = false;
      }
    }

    for (const { read, cached, tagKeys } of fills) {
      if (burst !== false && read.flight.fillable && read.flight.tagsStillValid(tagKeys)) {
        this.l1!.set(read.flight.adapterKey, cached, tagKeys, l1Ttl(burst, undefined, ttl));
      }
      this.#settle(read.flight, cached);
    }
  }

  /**
   * Stale-if-error: the L1 values (TTL ended within the window) of every failed
   * key, or `undefined` when one of them has none.
   */
  #staleValues(misses: readonly OwnRead[]): CachedValue[] | undefined {
    const l1 = this.l1;
    if (l1 === undefined || this.#staleIfError <= 0 || misses.length === 0) return undefined;
    const values: CachedValue[] = [];
    for (const read of misses) {
      const value = l1.getStale(read.flight.adapterKey, this.#staleIfError);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return values;
  }

  /**
   * One `getMany` for the entries, their key fences, the known tags' versions and
   * (for value-computed tags) the tag epoch. Fails open: `undefined` on error.
   */
  async #readL2(
    context: ReadContext,
    requests: readonly ReadRequest[],
    own: OwnRead[],
    plan: ReadPlan,
    dynamic: boolean,
  ): Promise<L2Read | undefined> {
    const counters = context.counters;
    const keys: string[] = [];
    for (const read of own) keys.push(requests[read.index]!.adapterKey);
    for (const read of own) keys.push(fenceKeyOf(read.flight.adapterKey));
    for (const tagKey of plan.staticTagKeys) keys.push(tagKey);
    if (dynamic) keys.push(TAG_EPOCH_KEY);
    const started = performance.now();
    let entries: Array<AdapterEntry | undefined>;
    try {
      entries = await this.adapter.getMany(keys);
    } catch (error) {
      counters.l2Errors++;
      this.#backendError('read', error);
      return undefined;
    }
    this.stats.recordL2(counters, performance.now() - started);
    const records = new Map<string, string | undefined>();
    // Entries stay in `entries`; the map holds the small records by key.
    for (let position = own.length; position < keys.length; position++) {
      records.set(keys[position]!, entries[position]?.payload);
    }
    own.forEach((read, position) => {
      read.fence = records.get(keys[own.length + position]!) ?? '';
    });
    return { entries, records };
  }

  /** Validates and decodes the entries `#readL2` found; misses go to `misses`. */
  async #decodeHits(
    context: ReadContext,
    requests: readonly ReadRequest[],
    own: OwnRead[],
    { entries, records }: L2Read,
    misses: OwnRead[],
  ): Promise<Array<[OwnRead, CachedValue, AdapterEntry, readonly string[]]>> {
    const counters = context.counters;
    const events = this.events;
    const candidates: Array<{ read: OwnRead; entry: AdapterEntry; envelope: EntryEnvelope }> = [];
    const corrupt: string[] = [];
    own.forEach((read, position) => {
      const entry = entries[position];
      if (entry === undefined) {
        misses.push(read);
        return;
      }
      const envelope = decodeEnvelope(entry.payload);
      if (typeof envelope === 'string') {
        if (envelope === 'corrupt') corrupt.push(read.flight.adapterKey);
        misses.push(read);
        return;
      }
      candidates.push({ read, entry, envelope });
    });
    const hits: Array<[OwnRead, CachedValue, AdapterEntry, readonly string[]]> = [];
    if (candidates.length > 0) {
      let valid: boolean[];
      try {
        valid = await validateEntries(
          this.adapter,
          this.usesTagVersions,
          candidates.map(
            (candidate): EnvelopeToValidate => ({
              adapterKey: candidate.read.flight.adapterKey,
              envelope: candidate.envelope,
            }),
          ),
          records,
        );
      } catch (error) {
        counters.l2Errors++;
        this.#backendError('read', error);
        valid = candidates.map(() => false);
      }
      candidates.forEach((candidate, position) => {
        if (!valid[position]) {
          misses.push(candidate.read);
          return;
        }
        try {
          const cached = CachedValue.fromBody(candidate.envelope.body);
          hits.push([candidate.read, cached, candidate.entry, tagKeysOf(candidate.envelope)]);
        } catch {
          corrupt.push(candidate.read.flight.adapterKey);
          misses.push(candidate.read);
        }
      });
    }
    if (corrupt.length > 0) void this.#deleteQuietly(corrupt);
    counters.l2Hits += hits.length;
    counters.l2Misses += own.length - hits.length;
    if (events.wanted.hit) {
      for (const [read] of hits) {
        const key = requests[read.index]!.key;
        events.emit('hit', { layer: 'l2', key, namespace: context.namespace });
      }
    }
    if (events.wanted.miss) {
      for (const read of misses) {
        const key = requests[read.index]!.key;
        events.emit('miss', { layer: 'l2', key, namespace: context.namespace });
      }
    }
    // Keep misses in input order for the loader.
    misses.sort((a, b) => a.index - b.index);
    return hits;
  }

  /**
   * For values whose tags are computed from them: reads those tags' versions now,
   * then (strictly after) the tag epoch. An invalidation writes the epoch before
   * the versions, so seeing a new version implies seeing a new epoch: when the
   * epoch is unchanged since before the load, no tag was invalidated in between
   * and the versions read now are as of before the load.
   * @returns `false` when the values must not be stored.
   */
  async #captureValueTagVersions(
    valueTags: ReadonlyArray<readonly string[]>,
    versions: Map<string, string>,
    epoch: string | undefined,
  ): Promise<boolean> {
    if (epoch === undefined) return false;
    const needed = new Set<string>();
    for (const tagKeys of valueTags) {
      for (const tagKey of tagKeys) if (!versions.has(tagKey)) needed.add(tagKey);
    }
    try {
      if (needed.size > 0) {
        const current = await this.strategy.readVersions([...needed]);
        for (const [tagKey, version] of current) versions.set(tagKey, version);
      }
      const now = await this.adapter.get(TAG_EPOCH_KEY);
      return now?.payload === epoch;
    } catch (error) {
      this.#backendError('read', error);
      return false;
    }
  }

  #settle(flight: Flight, value: CachedValue | undefined): void {
    this.flights.finish(flight);
    flight.resolve(value);
  }

  /**
   * Applies an invalidation now or defers it (transaction). `keys` are entry
   * adapter keys, `tags` tag keys; `all`: the root cache's clear.
   */
  async invalidate(
    keys: readonly string[],
    tags: readonly string[],
    all: boolean,
    counters: NamespaceCounters,
  ): Promise<void> {
    counters.invalidations++;
    const transaction = this.transactions.current();
    if (transaction !== undefined) {
      transaction.add(keys, tags, all);
      if (this.events.wanted.invalidate) {
        this.events.emit('invalidate', { keys, tags, clear: all, deferred: true });
      }
      return;
    }
    await this.applyInvalidation(keys, tags, all);
  }

  /**
   * The invalidation itself: local fences and L1 before and after the shared
   * part (L2: entry deletes, key fences, tag epoch then tag versions; or the
   * adapter's clear), then the bus.
   * @throws InvalidationError (unless `invalidationFailure: 'queue'`).
   */
  async applyInvalidation(
    keys: readonly string[],
    tags: readonly string[],
    all: boolean,
  ): Promise<void> {
    if (keys.length === 0 && tags.length === 0 && !all) return;
    const keySet = new Set(keys);
    const tagSet = new Set(tags);
    this.#dropLocal(keySet, tagSet, all);
    try {
      await this.#applyShared(keys, tags, all);
    } catch (error) {
      this.#dropLocal(keySet, tagSet, all);
      if (this.#failure === 'queue') {
        this.#queue.add(keys, tags, all, error);
        return;
      }
      throw error;
    }
    this.#dropLocal(keySet, tagSet, all);
    if (this.events.wanted.invalidate) {
      this.events.emit('invalidate', { keys, tags, clear: all, deferred: false });
    }
  }

  /** L2 part and bus publish of an invalidation. @throws InvalidationError */
  async #applyShared(
    keys: readonly string[],
    tags: readonly string[],
    all: boolean,
  ): Promise<void> {
    if (all) {
      try {
        await this.adapter.clear();
      } catch (error) {
        throw invalidationError('clearing the adapter', error);
      }
    } else {
      const operations: Array<Promise<void>> = [];
      if (keys.length > 0) {
        operations.push(this.#deleteAndFence(keys));
      }
      if (tags.length > 0) {
        operations.push(
          this.usesTagVersions
            ? this.#bumpEpoch().then(() => this.strategy.invalidate(tags))
            : this.strategy.invalidate(tags),
        );
      }
      const settled = await Promise.allSettled(operations);
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
      }
    }
    await this.#publish({ origin: this.origin, keys, tags, clear: all }, true);
  }

  async #deleteAndFence(keys: readonly string[]): Promise<void> {
    const expiresAt = Date.now() + this.#keyFenceTtl;
    const fences = keys.map(
      (key) => [fenceKeyOf(key), { payload: newVersion(), expiresAt }] as const,
    );
    const [deleted, fenced] = await Promise.allSettled([
      this.adapter.deleteMany(keys),
      this.adapter.setMany(fences),
    ]);
    if (deleted.status === 'rejected') throw invalidationError(describeKeys(keys), deleted.reason);
    if (fenced.status === 'rejected') throw invalidationError(describeKeys(keys), fenced.reason);
    if (fenced.value.some((stored) => stored !== true)) {
      throw new InvalidationError(
        `[pc:cache] the adapter did not store the fences of ${describeKeys(keys)}; a load that started before this invalidation may still store its value`,
      );
    }
  }

  async #bumpEpoch(): Promise<void> {
    let stored: boolean;
    try {
      stored = await this.adapter.set(TAG_EPOCH_KEY, { payload: newVersion() });
    } catch (error) {
      throw invalidationError('the tag epoch', error);
    }
    if (!stored) {
      throw new InvalidationError(
        '[pc:cache] the adapter did not store new versions of the tag epoch',
      );
    }
  }

  /**
   * Publishes on the bus. `strict`: a failure throws `InvalidationError` (an
   * invalidation); otherwise it is an event (a plain write or delete).
   */
  async #publish(message: BusMessage, strict: boolean): Promise<void> {
    const bus = this.#bus;
    if (bus === undefined) return;
    try {
      await bus.publish(message);
    } catch (error) {
      if (strict) {
        throw invalidationError(
          'publishing on the bus (other processes keep their L1 entries until their burst TTL)',
          error,
        );
      }
      this.#backendError('publish', error);
    }
  }

  /**
   * After a plain `set` / `delete` of keys: drop them locally, fence local loads,
   * and tell other processes (best effort: an event on failure).
   */
  afterWrite(keys: readonly string[]): void {
    const keySet = new Set(keys);
    this.#dropLocal(keySet, NO_KEYS, false);
    if (this.#bus !== undefined) void this.#publish({ origin: this.origin, keys }, false);
  }

  #dropLocal(keys: ReadonlySet<string>, tags: ReadonlySet<string>, all: boolean): void {
    this.flights.fence(keys, tags, all);
    const l1 = this.l1;
    if (l1 === undefined) return;
    if (all) l1.clear();
    else l1.drop(keys, tags);
  }

  #subscribe(bus: InvalidationBus): void {
    this.#unsubscribe = bus
      .subscribe({
        onMessage: (message) => {
          if (message.origin === this.origin) return;
          this.#dropLocal(
            new Set(message.keys ?? EMPTY),
            new Set(message.tags ?? EMPTY),
            message.clear === true,
          );
        },
        onGap: () => {
          this.#dropLocal(NO_KEYS, NO_KEYS, true);
          if (this.events.wanted['bus-gap']) this.events.emit('bus-gap', {});
        },
      })
      .catch((error: unknown) => {
        this.#backendError('subscribe', error);
        return undefined;
      });
  }

  /** Resolves once the bus subscription is active (or failed: see events). */
  async ready(): Promise<void> {
    await this.#unsubscribe;
  }

  #backendError(
    operation: 'read' | 'write' | 'delete' | 'publish' | 'subscribe',
    error: unknown,
  ): void {
    if (this.events.wanted['backend-error'])
      this.events.emit('backend-error', { operation, error });
  }

  async #deleteQuietly(adapterKeys: readonly string[]): Promise<void> {
    try {
      await this.adapter.deleteMany(adapterKeys);
    } catch {
      // Best effort: the entry keeps reading as a miss either way.
    }
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.#queue.dispose();
    this.l1?.clear();
    const unsubscribe = await this.#unsubscribe;
    if (unsubscribe !== undefined) {
      try {
        await unsubscribe();
      } catch (error) {
        this.#backendError('subscribe', error);
      }
    }
  }
}

/** What the combined L2 read found: entries (first) and the small records by key. */
interface L2Read {
  readonly entries: ReadonlyArray<AdapterEntry | undefined>;
  readonly records: ReadonlyMap<string, string | undefined>;
}

/** L1 TTL: the policy's, never past the L2 expiry or TTL. */
function l1Ttl(
  burst: ResolvedBurstPolicy,
  expiresAt: number | undefined,
  ttl?: number | undefined,
): number {
  let limit = burst.ttlMilliseconds;
  if (expiresAt !== undefined) limit = Math.min(limit, expiresAt - Date.now());
  if (ttl !== undefined) limit = Math.min(limit, ttl);
  return limit;
}

function loadedLookup(loaded: LoadResult, keys: readonly string[]): (key: string) => unknown {
  if (loaded instanceof Map) return (key) => loaded.get(key);
  if (Array.isArray(loaded)) {
    const byKey = new Map<string, unknown>();
    keys.forEach((key, position) => {
      byKey.set(key, loaded[position]);
    });
    return (key) => byKey.get(key);
  }
  throw new InvalidOptionsError(
    '[pc:cache] a loadMany function must resolve to a Map of key -> value (or an array aligned with the keys)',
  );
}

function describeKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 100)));
  return `keys ${shown.join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`;
}

function invalidationError(what: string, error: unknown): InvalidationError {
  if (PcError.isInstance(error) && InvalidationError.isInstance(error)) return error;
  return new InvalidationError(
    `[pc:cache] invalidating ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}

export { PendingInvalidations };

import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type BoundStore,
  bindStore,
  type Cache,
  type CacheAdapter,
  type CacheEvent,
  createCache,
  createInvalidatorRegistry,
  createRepositoryEvents,
  createStoreInvalidator,
  defineStore,
  type InvalidateEvent,
  type InvalidationBus,
  type RepositoryEvents,
  type StoreDefinition,
  storeKey,
  toMilliseconds,
} from '@pc/core';
import {
  emptyWorkerStats,
  type ItemValue,
  type StaleSource,
  type WorkerInit,
  type WorkerStats,
} from './ipc-messages.js';
import {
  createLoaderDelays,
  createLoaderFailures,
  createReaderSchedule,
  createWriterSchedule,
  type LoaderDelays,
  type ReadOperation,
  type ScheduleShape,
  type WriteOperation,
} from './operation-schedule.js';
import type { ParentChannel } from './parent-channel.js';
import { SeededLoadFailure } from './seeded-load-failure.js';
import { createWorkerAdapter, createWorkerBus } from './worker-backend.js';

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The tag every read path attaches to item `id`. */
export const tagOf = (id: number, groups: number): string => `group-${id % groups}`;

/** The namespace some reads go through (its keys are apart from the root's; tags are shared). */
export const READ_NAMESPACE = 'ns';

const ERROR_SAMPLES = 5;
/** Load records older than this are dropped (no call can still be joining them), in ms. */
const LOAD_RECORD_LIFETIME_MILLISECONDS = 60_000;

type ItemChanged = InvalidateEvent<'item', number>;

/**
 * What one cache call saw, collected through AsyncLocalStorage: the Cache emits
 * `hit` events and calls loaders inside the async context of the call that caused
 * them (an L1 hit synchronously, before `getOrLoad` returns).
 */
interface CallContext {
  readonly startedAt: number;
  /** `true` while the synchronous part of the cache call runs. */
  sync: boolean;
  readonly l1Keys: Set<string>;
  readonly l2Keys: Set<string>;
  /** Loads this call's own loader invocations started. */
  readonly ownLoads: Set<number>;
  /**
   * Keys the Cache served this call from grace (`grace` events inside the call),
   * each with the earliest moment its grace value can have been read from L2.
   */
  readonly graceKeys: Map<string, GraceServed>;
}

/** A grace value the Cache served a call. */
interface GraceServed {
  readonly reason: 'error' | 'soft-timeout' | 'backoff';
  /** The earliest moment it can have been read from L2 (epoch ms). */
  readonly readAfter: number;
}

interface LoadRecord {
  readonly invokedAt: number;
  /** When the call that started the load resolved; `undefined` while it runs. */
  doneAt: number | undefined;
}

function newContext(): CallContext {
  return {
    startedAt: now(),
    sync: true,
    l1Keys: new Set(),
    l2Keys: new Set(),
    ownLoads: new Set(),
    graceKeys: new Map(),
  };
}

/**
 * One race worker: its own Cache over the shared backend, reader loops that check
 * every value against the parent's floor, writer loops that bump rows and
 * invalidate, each loop on its own seeded schedule.
 */
export class RaceWorker {
  readonly stats: WorkerStats = emptyWorkerStats();
  /** Whether an L1 hit was seen inside the synchronous part of its call (L1 on only). */
  l1MarkerVerified: boolean | undefined;
  readonly #init: WorkerInit;
  readonly #channel: ParentChannel;
  readonly #calls = new AsyncLocalStorage<CallContext>();
  readonly #loads = new Map<number, LoadRecord>();
  readonly #loaderDelay: () => LoaderDelays;
  readonly #loaderFailure: () => number | undefined;
  readonly #shape: ScheduleShape;
  #loadCounter = 0;
  #stopping = false;
  #adapter!: CacheAdapter;
  #bus: InvalidationBus | undefined;
  #cache!: Cache;
  #namespace!: Cache;
  #definition!: StoreDefinition<number, ItemValue, ItemChanged>;
  #rootStore!: BoundStore<number, ItemValue, ItemChanged>;
  #namespaceStore!: BoundStore<number, ItemValue, ItemChanged>;
  #events!: RepositoryEvents<ItemChanged>;

  constructor(init: WorkerInit, channel: ParentChannel) {
    this.#init = init;
    this.#channel = channel;
    this.#loaderDelay = createLoaderDelays(init.seed, init.workerIndex, init);
    this.#loaderFailure = createLoaderFailures(
      init.seed,
      init.workerIndex,
      init.failingLoaderProbability ?? 0,
      init.slowLoaderHoldMaxMilliseconds,
    );
    this.#shape = {
      items: init.items,
      readerPauseMaxMilliseconds: init.readerPauseMaxMilliseconds,
      writerPauseMaxMilliseconds: init.writerPauseMaxMilliseconds,
    };
  }

  #sample(error: unknown): void {
    if (this.stats.errorSamples.length >= ERROR_SAMPLES) return;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.stats.errorSamples.push(message.slice(0, 300));
  }

  #onEvent = (event: CacheEvent): void => {
    switch (event.type) {
      case 'hit': {
        const context = this.#calls.getStore();
        if (event.layer === 'l1') {
          this.stats.l1Hits++;
          if (context === undefined) return;
          context.l1Keys.add(event.key);
          if (!context.sync) this.stats.asynchronousL1Hits++;
        } else {
          this.stats.l2Hits++;
          context?.l2Keys.add(event.key);
        }
        return;
      }
      case 'grace': {
        const keys = event.keys.length;
        if (event.reason === 'error') this.stats.graceError += keys;
        else if (event.reason === 'soft-timeout') this.stats.graceSoftTimeout += keys;
        else this.stats.graceBackoff += keys;
        const context = this.#calls.getStore();
        if (context === undefined) return;
        const served = {
          reason: event.reason,
          readAfter: this.#graceReadAfter(context, event.reason, event.error),
        };
        for (const key of event.keys) context.graceKeys.set(key, served);
        return;
      }
      case 'early-refresh':
        this.stats.earlyRefreshes++;
        return;
      case 'backend-error':
        this.stats.backendErrors++;
        this.#sample(event.error);
        return;
      case 'bus-gap':
        this.stats.busGaps++;
        return;
      default:
    }
  };

  /**
   * The earliest moment the grace value of a `grace` event can have been read from
   * L2 (the Cache reads it again when it serves it): after the loader failure it
   * answers (the failure says when it was thrown), after the soft timeout, and in
   * any case after the call began.
   */
  #graceReadAfter(context: CallContext, reason: string, error: unknown): number {
    if (reason === 'error' && error instanceof SeededLoadFailure) {
      return Math.max(context.startedAt, error.failedAt);
    }
    const soft = toMilliseconds(
      this.#init.resilience?.softTimeoutMilliseconds,
      'softTimeoutMilliseconds',
      'race-harness',
    );
    if (reason === 'soft-timeout' && soft !== undefined) return context.startedAt + soft;
    return context.startedAt;
  }

  async setup(): Promise<void> {
    const init = this.#init;
    this.#adapter = createWorkerAdapter(init.backend, init.namespace);
    if (init.bus) {
      this.#bus = createWorkerBus(init.backend, init.busChannel, (error) => {
        this.stats.busErrors++;
        this.#sample(error);
      });
    }
    this.#cache = createCache({
      adapter: this.#adapter,
      burst: init.l1 ? { ttlMilliseconds: init.burstTtlMilliseconds } : false,
      ...(this.#bus === undefined ? {} : { bus: this.#bus }),
      ...(init.ttlMilliseconds === undefined
        ? {}
        : { defaultTtlMilliseconds: init.ttlMilliseconds }),
      ...init.resilience,
      onEvent: this.#onEvent,
    });
    this.#namespace = this.#cache.namespace(READ_NAMESPACE);
    this.#definition = defineStore<number, ItemValue, ItemChanged>({
      name: 'items',
      key: (id) => String(id),
      load: async (id) => (await this.#loadRows([id])).get(id),
      loadMany: (ids) => this.#loadRows(ids),
      tags: (_id, value) => [value.tag],
      // Keys only, as a store usually does: then only the key's fence (or lease)
      // guards a load racing the invalidation, not a tag version as well.
      invalidatedBy: { item: (event) => ({ ids: event.ids }) },
    });
    this.#rootStore = bindStore(this.#cache, this.#definition);
    this.#namespaceStore = bindStore(this.#namespace, this.#definition);
    // A registry per cache the store is bound to (keys are relative to it); one
    // event reaches both, as one app-level dispatch.
    const invalidators = [createStoreInvalidator(this.#definition)];
    const registries = [
      createInvalidatorRegistry(this.#cache, invalidators),
      createInvalidatorRegistry(this.#namespace, invalidators),
    ];
    this.#events = createRepositoryEvents<ItemChanged>({
      dispatch: async (events) => {
        const [root, namespace] = await Promise.all(
          registries.map((registry) => registry.dispatch(events)),
        );
        return {
          keys: [...root!.keys, ...namespace!.keys],
          tags: [...root!.tags, ...namespace!.tags],
        };
      },
    });
    await this.#cache.ready();
    if (init.l1) await this.#verifyL1Marker();
    // The probe is not part of the run.
    Object.assign(this.stats, emptyWorkerStats());
  }

  /**
   * The classification relies on an L1 hit being reported inside the synchronous
   * part of its call: check it once on a probe key.
   */
  async #verifyL1Marker(): Promise<void> {
    const key = `probe:${this.#init.workerId}`;
    await this.#cache.getOrLoad(key, () => ({ probe: true }));
    const context = newContext();
    let promise: Promise<unknown>;
    try {
      promise = this.#calls.run(context, () => this.#cache.getOrLoad(key, () => ({ probe: true })));
    } finally {
      context.sync = false;
    }
    await promise;
    this.l1MarkerVerified = context.l1Keys.has(key) && this.stats.asynchronousL1Hits === 0;
  }

  #keyOf(id: number): string {
    return storeKey(this.#definition, id);
  }

  #tagOf(id: number): string {
    return tagOf(id, this.#init.groups);
  }

  async #loadRows(ids: readonly number[]): Promise<Map<number, ItemValue>> {
    const load = ++this.#loadCounter;
    this.stats.loads++;
    this.#calls.getStore()?.ownLoads.add(load);
    this.#loads.set(load, { invokedAt: now(), doneAt: undefined });
    if (load % 1_000 === 0) this.#pruneLoads();
    const { beforeMilliseconds, holdMilliseconds } = this.#loaderDelay();
    const failure = this.#loaderFailure();
    if (beforeMilliseconds > 0) await sleep(beforeMilliseconds);
    const rows = await this.#channel.call('load', ids);
    if (holdMilliseconds > 0) await sleep(holdMilliseconds);
    // Late, after the whole delay and some more: a wide window for an invalidation
    // to resolve between the call's first read of the key and the grace value served.
    if (failure !== undefined) {
      if (failure > 0) await sleep(failure);
      this.stats.failedLoads++;
      throw new SeededLoadFailure(now());
    }
    const producer = { worker: this.#init.workerId, load };
    return new Map(rows.map((row) => [row.id, { ...row, producer }]));
  }

  #pruneLoads(): void {
    const limit = now() - LOAD_RECORD_LIFETIME_MILLISECONDS;
    for (const [load, record] of this.#loads) {
      if (record.doneAt !== undefined && record.doneAt < limit) this.#loads.delete(load);
    }
  }

  /** Starts the cache call of `operation`; must call the cache synchronously. */
  #startRead(operation: ReadOperation): Promise<Array<ItemValue | undefined>> {
    const ids = operation.ids;
    const cache = operation.namespace ? this.#namespace : this.#cache;
    const store = operation.namespace ? this.#namespaceStore : this.#rootStore;
    const burst = operation.burst ? {} : { burst: false as const };
    switch (operation.method) {
      case 'getOrLoad': {
        const id = ids[0]!;
        return cache
          .getOrLoad(this.#keyOf(id), async () => (await this.#loadRows([id])).get(id), {
            tags:
              operation.tags === 'array' ? [this.#tagOf(id)] : (value: ItemValue) => [value.tag],
            ...burst,
          })
          .then((value) => [value]);
      }
      case 'getManyOrLoad': {
        const keys = ids.map((id) => this.#keyOf(id));
        const idOfKey = new Map(keys.map((key, index) => [key, ids[index]!]));
        return cache.getManyOrLoad<ItemValue>(
          keys,
          async (missing) => {
            const rows = await this.#loadRows(missing.map((key) => idOfKey.get(key)!));
            const values = new Map<string, ItemValue>();
            for (const key of missing) {
              const row = rows.get(idOfKey.get(key)!);
              if (row !== undefined) values.set(key, row);
            }
            return values;
          },
          {
            // An array applies to every key of the call: the union of their tags.
            tags:
              operation.tags === 'array'
                ? [...new Set(ids.map((id) => this.#tagOf(id)))]
                : (value: ItemValue) => [value.tag],
            ...burst,
          },
        );
      }
      case 'store.get':
        return store.get(ids[0]!).then((value) => [value]);
      case 'store.getMany':
        return store.getMany(ids);
    }
  }

  async #read(operation: ReadOperation): Promise<void> {
    const floors = await this.#channel.call('floors', operation.ids);
    const context = newContext();
    this.stats.readCalls++;
    let values: Array<ItemValue | undefined>;
    try {
      let promise: Promise<Array<ItemValue | undefined>>;
      try {
        promise = this.#calls.run(context, () => this.#startRead(operation));
      } finally {
        context.sync = false;
      }
      values = await promise;
    } catch (error) {
      this.stats.readErrors++;
      this.#sample(error);
      return;
    } finally {
      const doneAt = now();
      for (const load of context.ownLoads) {
        const record = this.#loads.get(load);
        if (record !== undefined) record.doneAt = doneAt;
      }
    }
    // As the call returned it: an early refresh it started may report later.
    const graced = new Map(context.graceKeys);
    /** Grace values read after the call began: checked against the floor of that moment too. */
    const servedLater: Array<{ id: number; value: ItemValue; readAfter: number }> = [];
    operation.ids.forEach((id, index) => {
      const value = values[index];
      const key = this.#keyOf(id);
      if (value === undefined || value.id !== id) {
        this.stats.missingValues++;
        this.#sample(new Error(`read of ${key} returned ${JSON.stringify(value)}`));
        return;
      }
      this.stats.reads++;
      const served = graced.get(key);
      const readAfter = served?.readAfter;
      if (served !== undefined && !context.l1Keys.has(key)) {
        this.stats.graceReads++;
        if (served.reason === 'error') this.stats.graceErrorReads++;
      }
      const floor = floors[index]!;
      if (value.version >= floor) {
        if (readAfter !== undefined && readAfter > context.startedAt) {
          servedLater.push({ id, value, readAfter });
        }
        return;
      }
      this.#reportStale(operation, context, id, value, floor, this.#classify(context, key, value));
    });
    if (servedLater.length === 0) return;
    const later = await this.#channel.call(
      'floorsAt',
      servedLater.map(({ id }) => id),
      servedLater.map(({ readAfter }) => readAfter),
    );
    servedLater.forEach(({ id, value, readAfter }, index) => {
      const floor = later[index]!;
      if (value.version >= floor) return;
      this.#reportStale(operation, { ...context, startedAt: readAfter }, id, value, floor, 'grace');
    });
  }

  #reportStale(
    operation: ReadOperation,
    context: CallContext,
    id: number,
    value: ItemValue,
    floor: number,
    source: StaleSource,
  ): void {
    this.stats.stale[source]++;
    this.#channel.send({
      type: 'stale',
      report: {
        id,
        key: this.#keyOf(id),
        version: value.version,
        floor,
        source,
        method: operation.method,
        namespace: operation.namespace,
        readStartedAt: context.startedAt,
        producer: value.producer,
      },
    });
  }

  /**
   * Where a stale value came from: L1 when this call hit L1 for the key; `grace`
   * when the Cache served this call the key's grace value; `load`
   * when its own loader produced it; `l2` when it hit L2 for the key; `join` when a
   * load of this process that was running when the call began produced it;
   * otherwise `l2` (another process's value, reached through a join of a flight
   * that found it in L2).
   */
  #classify(context: CallContext, key: string, value: ItemValue): StaleSource {
    if (context.l1Keys.has(key)) return 'l1';
    if (context.graceKeys.has(key)) return 'grace';
    const mine = value.producer.worker === this.#init.workerId;
    if (mine && context.ownLoads.has(value.producer.load)) return 'load';
    if (context.l2Keys.has(key)) return 'l2';
    if (mine) {
      const record = this.#loads.get(value.producer.load);
      if (
        record !== undefined &&
        record.invokedAt < context.startedAt &&
        (record.doneAt === undefined || record.doneAt > context.startedAt)
      ) {
        return 'join';
      }
    }
    return 'l2';
  }

  async #write(operation: WriteOperation): Promise<void> {
    const { id } = operation;
    const key = this.#keyOf(id);
    const bump = () => this.#channel.call('bump', id);
    // The namespace holds its own copy of the key: a key invalidation names both.
    const byKeys = () =>
      Promise.all([
        this.#cache.invalidate({ keys: [key] }),
        this.#namespace.invalidate({ keys: [key] }),
      ]);
    const byTags = () => this.#cache.invalidateTags([this.#tagOf(id)]);
    let version: number;
    try {
      if (this.#init.earlyReportMilliseconds > 0) {
        // Self-check: report first, invalidate later. The writer's own read between
        // the two must be caught (it was cached just before), and so must any other
        // process's read meanwhile.
        const probe: ReadOperation = {
          kind: 'read',
          method: 'getOrLoad',
          ids: [id],
          tags: 'array',
          namespace: false,
          burst: true,
          pauseMilliseconds: 0,
        };
        await this.#read(probe);
        version = await bump();
        await this.#channel.call('committed', id, version);
        await this.#read(probe);
        await sleep(this.#init.earlyReportMilliseconds);
        await Promise.all([byKeys(), byTags()]);
        this.stats.writes++;
        return;
      }
      switch (operation.method) {
        case 'events':
          version = await this.#events.onUpdate({ entity: 'item', ids: [id] }, bump);
          break;
        case 'keys':
          version = await bump();
          await byKeys();
          break;
        case 'tags':
          version = await bump();
          await byTags();
          break;
        case 'transaction':
          version = await this.#cache.transaction(async () => {
            const committed = await bump();
            await (operation.transactionTargets === 'keys' ? byKeys() : byTags());
            return committed;
          });
          break;
      }
    } catch (error) {
      // The invalidation did not resolve: its version is never reported, so no
      // read is held to it.
      this.stats.failedWrites++;
      this.#sample(error);
      return;
    }
    await this.#channel.call('committed', id, version);
    this.stats.writes++;
  }

  async #readerLoop(loop: number): Promise<void> {
    const next = createReaderSchedule(this.#init.seed, this.#init.workerIndex, loop, this.#shape);
    while (!this.#stopping) {
      const operation = next();
      await this.#read(operation);
      if (operation.pauseMilliseconds > 0) await sleep(operation.pauseMilliseconds);
    }
  }

  async #writerLoop(loop: number): Promise<void> {
    const next = createWriterSchedule(this.#init.seed, this.#init.workerIndex, loop, this.#shape);
    while (!this.#stopping) {
      const operation = next();
      await this.#write(operation);
      if (operation.pauseMilliseconds > 0) await sleep(operation.pauseMilliseconds);
    }
  }

  /** Runs every loop until `stop` resolves, then waits for the operations in progress. */
  async run(stop: Promise<void>): Promise<void> {
    void stop.then(() => {
      this.#stopping = true;
    });
    const loops: Array<Promise<void>> = [];
    for (let loop = 0; loop < this.#init.readers; loop++) loops.push(this.#readerLoop(loop));
    for (let loop = 0; loop < this.#init.writers; loop++) loops.push(this.#writerLoop(loop));
    await Promise.all(loops);
  }

  /** Copies the cache's own counters into the stats (before the report). */
  collectCacheStats(): void {
    this.stats.joins = this.#cache.stats().total.joins;
  }

  async dispose(): Promise<void> {
    await this.#cache?.dispose();
    await this.#bus?.dispose();
    await this.#adapter?.dispose();
  }
}

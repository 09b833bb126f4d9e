import { randomBytes } from 'node:crypto';
import { BurstLayer } from '../burst/burst-layer.js';
import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import type { CacheStatsSnapshot } from '../events/cache-stats.js';
import { EventHub } from '../events/event-hub.js';
import { bridgeLogger } from '../events/logger-bridge.js';
import { StatsRecorder } from '../events/stats-recorder.js';
import type { TagStrategy } from '../tags/tag-strategy.js';
import { TransactionScope } from '../transactions/transaction-scope.js';
import { BusLink } from './bus-link.js';
import { FlightTable } from './flight.js';
import { GraceBackoff } from './grace-backoff.js';
import { Invalidations } from './invalidations.js';
import { createL2Access } from './l2-access.js';
import type { ResiliencePolicy } from './resilience-policy.js';
import type { RuntimeOptions } from './runtime-options.js';
import { StoreNames } from './store-names.js';

/** Something that makes reads bypass the cache: a transaction, queued invalidations. */
export interface Blocker {
  blocksKey(adapterKey: string): boolean;
  blocksAnyTag(tagKeys: Iterable<string>): boolean;
}

/** Operations whose backend errors are reported as `backend-error` events. */
export type BackendOperation = 'read' | 'write' | 'delete' | 'publish' | 'subscribe';

/**
 * The state a root cache shares with its namespaces: adapter (L2), tag strategy,
 * burst layer (L1), flights, transactions, invalidations (with their retry queue
 * and the bus), events and stats. Works on adapter keys; the `Cache` facade
 * validates input and maps user keys. The read path lives in `read-through.ts`
 * and its stages, the write side in `invalidations.ts`.
 */
export class CacheRuntime {
  /** L2 for reads and read-through's own writes (behind the circuit breaker, if any). */
  readonly adapter: CacheAdapter;
  readonly strategy: TagStrategy;
  /** L2 for plain writes, deletes and invalidations: never skipped by the circuit breaker. */
  readonly directAdapter: CacheAdapter;
  readonly directStrategy: TagStrategy;
  /** What plain `get` / `getMany` do when L2 fails. */
  readonly getFailure: 'reject' | 'miss';
  readonly defaultTtlMilliseconds: number | undefined;
  /** The cache-level L1 policy; `false` when L1 is off. */
  readonly burstPolicy: ResolvedBurstPolicy | false;
  readonly l1: BurstLayer | undefined;
  readonly flights = new FlightTable();
  readonly transactions: TransactionScope;
  readonly events: EventHub;
  readonly stats = new StatsRecorder();
  readonly invalidations: Invalidations;
  /** How long a lease holds a key for its loader, in milliseconds. */
  readonly leaseTtlMilliseconds: number;
  /** How long a caller waits for another holder's fill before taking over, in milliseconds. */
  readonly leaseWaitMilliseconds: number;
  readonly staleIfErrorMilliseconds: number;
  /** The root's grace, timeouts and early refresh (namespaces and calls override them). */
  readonly resilience: ResiliencePolicy;
  /** Keys whose load failed in grace: served from grace until their backoff ends. */
  readonly graceBackoff = new GraceBackoff();
  /** Adapter keys being refreshed early by this process (one refresh per key). */
  readonly refreshing = new Set<string>();
  /**
   * `false` while no transaction was ever opened and no invalidation is queued:
   * then no read can be blocked and the L1 hit path skips `blocker()`.
   */
  maybeBlocked = false;
  /** Store definitions bound to this root, by namespace path and store name. */
  readonly storeNames = new StoreNames();
  /** Identifies this process's cache on the bus. */
  readonly origin = randomBytes(9).toString('base64url');
  closed = false;
  readonly #bus: BusLink | undefined;

  constructor(options: RuntimeOptions) {
    this.events = new EventHub(options.onEvent);
    if (options.logger !== undefined) bridgeLogger(this.events, options.logger);
    const l2 = createL2Access(options, this.events);
    this.adapter = l2.adapter;
    this.strategy = l2.strategy;
    this.directAdapter = l2.directAdapter;
    this.directStrategy = l2.directStrategy;
    this.getFailure = options.getFailure;
    this.defaultTtlMilliseconds = options.defaultTtlMilliseconds;
    this.burstPolicy = options.burst;
    this.leaseTtlMilliseconds = options.leaseTtlMilliseconds;
    this.leaseWaitMilliseconds = options.leaseWaitMilliseconds;
    this.staleIfErrorMilliseconds = options.staleIfErrorMilliseconds;
    this.resilience = options.resilience;
    this.l1 =
      options.burst === false
        ? undefined
        : new BurstLayer(options.burst, options.staleIfErrorMilliseconds > 0);
    this.invalidations = new Invalidations(this, options);
    this.transactions = new TransactionScope(
      (pending) => this.invalidations.apply([...pending.keys], [...pending.tags], pending.all),
      () => this.updateMaybeBlocked(),
    );
    if (options.bus !== undefined) this.#bus = new BusLink(this, options.bus);
  }

  updateMaybeBlocked(): void {
    this.maybeBlocked = this.transactions.used || this.invalidations.queued !== undefined;
  }

  /** Counters of every namespace and the burst layer's fill, as of now. */
  statsSnapshot(): CacheStatsSnapshot {
    const { total, namespaces } = this.stats.snapshot();
    const l1 = this.l1;
    const burst =
      l1 === undefined
        ? undefined
        : {
            items: l1.size,
            bytes: l1.bytes,
            maxItems: l1.policy.maxItems,
            maxBytes: l1.policy.maxBytes,
          };
    return { takenAt: Date.now(), total, namespaces, burst };
  }

  /** Reads must bypass the cache for what this names (transaction, queued failures). */
  blocker(): Blocker | undefined {
    if (!this.maybeBlocked) return undefined;
    const transaction = this.transactions.current();
    const queued = this.invalidations.queued;
    if (queued === undefined) return transaction;
    if (transaction === undefined) return queued;
    return {
      blocksKey: (key) => transaction.blocksKey(key) || queued.blocksKey(key),
      blocksAnyTag: (tags) => transaction.blocksAnyTag(tags) || queued.blocksAnyTag(tags),
    };
  }

  /** Drops keys and tags from this process: fences its flights, drops its L1 entries. */
  dropLocal(keys: ReadonlySet<string>, tags: ReadonlySet<string>, all: boolean): void {
    this.flights.fence(keys, tags, all);
    const l1 = this.l1;
    if (l1 === undefined) return;
    if (all) l1.clear();
    else l1.drop(keys, tags);
  }

  backendError(operation: BackendOperation, error: unknown): void {
    if (this.events.wanted['backend-error']) {
      this.events.emit('backend-error', { operation, error });
    }
  }

  /** Reports an L2 entry of user `key` that read as a miss because it could not be decoded. */
  corruptEntry(key: string, namespace: string): void {
    if (this.events.wanted.corrupt) this.events.emit('corrupt', { key, namespace });
  }

  /** Resolves once the bus subscription is active (or failed: see events). */
  async ready(): Promise<void> {
    await this.#bus?.ready();
  }

  /**
   * Closes the runtime: queued invalidations get one last attempt (rejecting with
   * `InvalidationError` naming what was dropped when it fails), then the bus is
   * left.
   */
  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.l1?.clear();
    try {
      await this.invalidations.dispose();
    } finally {
      await this.#bus?.dispose();
    }
  }
}

import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import type { EntryMeta } from '../entries/entry-envelope.js';
import type { Blocker, CacheRuntime } from './cache-runtime.js';
import type { Flight } from './flight.js';
import type { Loader, ReadContext, ReadPlan } from './read-plan.js';
import { refreshDue } from './resilience-policy.js';

/**
 * The state of one read-through call, passed through its stages (L1, slot read,
 * leases, load, fill). Everything here is fixed when the call starts, but the tag
 * versions, which the first slot read fills in.
 */
export class ReadBatch {
  readonly runtime: CacheRuntime;
  readonly context: ReadContext;
  readonly plan: ReadPlan;
  readonly load: Loader;
  /** The call's L1 policy: `false` when L1 is off for it. */
  readonly burst: ResolvedBurstPolicy | false;
  /**
   * Pending invalidations of a transaction or the retry queue: reads of what they
   * name bypass the cache, and this call shares no flight with other callers.
   */
  readonly blocker: Blocker | undefined;
  /** Inside a transaction, loads may see uncommitted data: nothing is stored or shared. */
  readonly inTransaction: boolean;
  /** Tags come from the values and versions are kept: the tag epoch fences the load. */
  readonly dynamic: boolean;
  #versions: Map<string, string> | undefined;
  /** The tag epoch read before the load (dynamic tags only). */
  epoch: string | undefined;
  /** The versions (and epoch) are in place: loaded values may be stored. */
  versionsReady = false;
  /**
   * A background early refresh: only callers that joined it wait for its flights,
   * so a failed load reports no grace serve and starts no backoff (the value it
   * carries goes back, and joiners get it from grace).
   */
  background = false;
  /** Fresh hits due for an early refresh, started once the call's round is over. */
  dueForRefresh: Flight[] | undefined;
  #read = false;
  #firstRead: Promise<void> | undefined;
  #markRead: (() => void) | undefined;

  constructor(runtime: CacheRuntime, context: ReadContext, plan: ReadPlan, load: Loader) {
    this.runtime = runtime;
    this.context = context;
    this.plan = plan;
    this.load = load;
    this.burst = runtime.l1 !== undefined ? plan.burst : false;
    this.blocker = runtime.blocker();
    this.inTransaction = runtime.transactions.current() !== undefined;
    this.dynamic = plan.tagFunction !== undefined && runtime.strategy.usesVersions;
  }

  /** Versions of the known tags as of before the load (created when missing). */
  get versions(): Map<string, string> {
    this.#versions ??= new Map();
    return this.#versions;
  }

  /** Flights of this call may be joined by other callers. */
  get shared(): boolean {
    return this.blocker === undefined;
  }

  /** Loaded values may go to L2 (through a lease). */
  get storable(): boolean {
    const ttl = this.plan.ttlMilliseconds;
    return !this.inTransaction && (ttl === undefined || ttl > 0);
  }

  /** `true` when a value of `adapterKey` tied to `tagKeys` must not be read from the cache. */
  blocks(adapterKey: string, tagKeys: readonly string[]): boolean {
    const blocker = this.blocker;
    return (
      blocker !== undefined && (blocker.blocksKey(adapterKey) || blocker.blocksAnyTag(tagKeys))
    );
  }

  /**
   * Resolves once the call's first slot read is classified (each own flight knows
   * whether it may have a grace value), or at once if it was. Made on first use.
   */
  get firstRead(): Promise<void> {
    if (this.#read) return Promise.resolve();
    this.#firstRead ??= new Promise((resolve) => {
      this.#markRead = resolve;
    });
    return this.#firstRead;
  }

  /** @internal `resolveRound`: the first slot read is classified (no allocation unless awaited). */
  markRead(): void {
    this.#read = true;
    this.#markRead?.();
  }

  /**
   * A fresh L2 hit of an entry stored with `meta`: queued for an early refresh when
   * the call's policy says it is due and no refresh of the key runs in this process.
   */
  noteFreshHit(flight: Flight, meta: EntryMeta, now: number): void {
    const policy = this.plan.resilience;
    if (policy.refreshThreshold === undefined && policy.refreshBeta === undefined) return;
    if (!this.shared || this.inTransaction || !this.runtime.strategy.usesVersions) return;
    if (this.runtime.refreshing.has(flight.adapterKey)) return;
    if (!refreshDue(policy, meta, now)) return;
    this.dueForRefresh ??= [];
    this.dueForRefresh.push(flight);
  }

  /** Flights in the call's input order. */
  inOrder(flights: Flight[]): Flight[] {
    return flights.sort((a, b) => a.order - b.order);
  }
}

import type { CachedValue } from '../burst/cached-value.js';
import { TAG_EPOCH_KEY } from '../entries/reserved-keys.js';

/** The tag versions (and tag epoch) a lease holder read before its load began. */
export interface LoadFence {
  readonly versions: ReadonlyMap<string, string>;
  /** The tag epoch, for values whose tags are computed from them. */
  readonly epoch: string | undefined;
}

/**
 * One key being resolved by this process: its L2 slot is read, then it either
 * hits, or holds a lease and loads, or waits for another holder's fill.
 *
 * Who may share a flight's result (docs/design.md, invariant 2):
 * - while its L2 read has not been sent (`FlightTable.open`), anyone: the read
 *   happens after they arrived;
 * - afterwards, only a caller whose own L2 read, sent after it arrived, found this
 *   flight's lease token still in the slot (`FlightTable.withLease`): no key
 *   invalidation, in any process, has completed since the lease was taken; and,
 *   for a flight that loads, the same versions of its tags (and tag epoch) as it
 *   read before loading (`joinableWith`): no tag invalidation either.
 * Local invalidations only make a flight unfillable; whom it may serve is decided
 * by what the caller's read proves, never by timing.
 */
export class Flight {
  /** The user key (what loaders get). */
  readonly key: string;
  readonly adapterKey: string;
  /** Tag keys known before the load (argument tags and namespace tags). */
  readonly tagKeys: readonly string[];
  /** The value's tags are computed from it: any tag invalidation may concern it. */
  readonly dynamicTags: boolean;
  /** The lease token this flight holds or waits for; `undefined` before the read. */
  lease: string | undefined;
  /** When this flight began waiting for another holder's fill (ms epoch). */
  waitingSince: number | undefined;
  /** The result may be written to L1 and L2 (no local invalidation touched it). */
  fillable = true;
  /** For a lease holder: what it read before loading; `undefined` for a waiter. */
  loadFence: LoadFence | undefined;
  /** Tag keys invalidated while a dynamic-tag flight ran (checked once its tags are known). */
  invalidatedTagKeys: Set<string> | undefined;
  readonly promise: Promise<CachedValue | undefined>;
  resolve!: (value: CachedValue | undefined) => void;
  reject!: (error: unknown) => void;

  constructor(key: string, adapterKey: string, tagKeys: readonly string[], dynamicTags: boolean) {
    this.key = key;
    this.adapterKey = adapterKey;
    this.tagKeys = tagKeys;
    this.dynamicTags = dynamicTags;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Joiners attach their own handlers; an unjoined rejection is not "unhandled".
    this.promise.catch(() => {});
  }

  /**
   * `true` when a caller whose slot read found this flight's lease and `records`
   * (tag versions and epoch read in the same round trip) may share its result.
   * `versionsKept`: `false` for a native tag index, where only this process's
   * fences tell whether a tag was invalidated.
   */
  joinableWith(records: ReadonlyMap<string, string | undefined>, versionsKept: boolean): boolean {
    const fence = this.loadFence;
    if (fence === undefined) return true;
    if (!versionsKept) return this.fillable && this.invalidatedTagKeys === undefined;
    for (const tagKey of this.tagKeys) {
      if (!records.has(tagKey) || records.get(tagKey) !== fence.versions.get(tagKey)) return false;
    }
    return !this.dynamicTags || records.get(TAG_EPOCH_KEY) === fence.epoch;
  }

  /** `true` when this flight may fill L1/L2 with a value tied to `tagKeys`. */
  canFill(tagKeys: readonly string[]): boolean {
    if (!this.fillable) return false;
    const invalidated = this.invalidatedTagKeys;
    if (invalidated === undefined) return true;
    for (const tagKey of tagKeys) if (invalidated.has(tagKey)) return false;
    return true;
  }
}

/**
 * The flights of one root cache, and the in-process half of the fences: an
 * invalidation (local, deferred at commit, retried, or from the bus) calls
 * `fence` when it starts and again when it has completed, so a flight overlapping
 * it in any way fills no layer and takes no new callers.
 */
export class FlightTable {
  /** Flights whose L2 read is not sent yet. */
  readonly #open = new Map<string, Flight>();
  /** Flights holding or waiting for a lease, by adapter key. */
  readonly #leased = new Map<string, Flight>();
  readonly #active = new Set<Flight>();

  /** The flight of `adapterKey` whose read is not sent yet, if any. */
  open(adapterKey: string): Flight | undefined {
    return this.#open.get(adapterKey);
  }

  /** The flight of `adapterKey` holding or waiting for lease `token`, if any. */
  withLease(adapterKey: string, token: string): Flight | undefined {
    const flight = this.#leased.get(adapterKey);
    return flight?.lease === token ? flight : undefined;
  }

  /** Registers a new flight; `shared: false` keeps it private (transactions). */
  start(
    key: string,
    adapterKey: string,
    tagKeys: readonly string[],
    dynamicTags: boolean,
    shared: boolean,
  ): Flight {
    const flight = new Flight(key, adapterKey, tagKeys, dynamicTags);
    this.#active.add(flight);
    if (shared) this.#open.set(adapterKey, flight);
    return flight;
  }

  /** The flight's L2 read is about to be sent: nobody attaches to it any more. */
  close(flight: Flight): void {
    if (this.#open.get(flight.adapterKey) === flight) this.#open.delete(flight.adapterKey);
  }

  /** The flight holds or waits for lease `token`; callers that see it may join. */
  lease(flight: Flight, token: string, shared: boolean): void {
    flight.lease = token;
    if (shared && this.#active.has(flight)) this.#leased.set(flight.adapterKey, flight);
  }

  /** Unregisters a flight and settles it. */
  settle(flight: Flight, value: CachedValue | undefined): void {
    this.#remove(flight);
    flight.resolve(value);
  }

  /** Unregisters a flight and rejects its callers. */
  fail(flight: Flight, error: unknown): void {
    this.#remove(flight);
    flight.reject(error);
  }

  get size(): number {
    return this.#active.size;
  }

  /**
   * Fences every flight touched by an invalidation of `adapterKeys` and
   * `tagKeys` (`all`: every flight, for a clear or a bus gap): it fills no layer.
   */
  fence(adapterKeys: ReadonlySet<string>, tagKeys: ReadonlySet<string>, all: boolean): void {
    if (this.#active.size === 0) return;
    for (const flight of this.#active) {
      let hit = all || adapterKeys.has(flight.adapterKey);
      if (!hit && tagKeys.size > 0) {
        for (const tagKey of flight.tagKeys) {
          if (tagKeys.has(tagKey)) {
            hit = true;
            break;
          }
        }
        if (!hit && flight.dynamicTags) {
          // Its value's tags are unknown yet: remember what was invalidated (checked
          // by `canFill` once they are known).
          flight.invalidatedTagKeys ??= new Set();
          for (const tagKey of tagKeys) flight.invalidatedTagKeys.add(tagKey);
        }
      }
      if (hit) flight.fillable = false;
    }
  }

  #remove(flight: Flight): void {
    this.#active.delete(flight);
    this.#detach(flight);
  }

  #detach(flight: Flight): void {
    if (this.#open.get(flight.adapterKey) === flight) this.#open.delete(flight.adapterKey);
    if (this.#leased.get(flight.adapterKey) === flight) this.#leased.delete(flight.adapterKey);
  }
}

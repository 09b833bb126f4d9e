import type { CachedValue } from '../burst/cached-value.js';

/**
 * One load in flight for one adapter key (an L2 read, then maybe the loader).
 * Callers that arrive while it is `joinable` share its result. Invalidations
 * that touch it while it runs make it neither joinable nor `fillable`: its value
 * still reaches the callers that were waiting, but never L1 or L2.
 */
export class Flight {
  readonly adapterKey: string;
  /** Tag keys known before the load (argument tags and namespace tags). */
  readonly tagKeys: readonly string[];
  /** The value's tags are computed from it: any tag invalidation may concern it. */
  readonly dynamicTags: boolean;
  /** New callers may join. */
  joinable = true;
  /** The result may be written to L1 and L2. */
  fillable = true;
  /** Tag keys invalidated while a dynamic-tag flight ran (checked once its tags are known). */
  invalidatedTagKeys: Set<string> | undefined;
  readonly promise: Promise<CachedValue | undefined>;
  resolve!: (value: CachedValue | undefined) => void;
  reject!: (error: unknown) => void;

  constructor(adapterKey: string, tagKeys: readonly string[], dynamicTags: boolean) {
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

  /** `true` when none of `tagKeys` was invalidated during a dynamic-tag flight. */
  tagsStillValid(tagKeys: readonly string[]): boolean {
    const invalidated = this.invalidatedTagKeys;
    if (invalidated === undefined) return true;
    for (const tagKey of tagKeys) if (invalidated.has(tagKey)) return false;
    return true;
  }
}

/**
 * The loads in flight of one root cache, and the in-process half of the fences:
 * an invalidation (local, deferred at commit, or from the bus) calls `fence`
 * when it starts and again when it has completed, so a load overlapping it in
 * any way neither fills a layer nor takes new joiners.
 */
export class FlightTable {
  readonly #joinable = new Map<string, Flight>();
  readonly #active = new Set<Flight>();

  /** The flight a new caller for `adapterKey` may join, if any. */
  find(adapterKey: string): Flight | undefined {
    return this.#joinable.get(adapterKey);
  }

  /** Registers a new flight; `shared: false` keeps it private (transactions). */
  start(
    adapterKey: string,
    tagKeys: readonly string[],
    dynamicTags: boolean,
    shared: boolean,
  ): Flight {
    const flight = new Flight(adapterKey, tagKeys, dynamicTags);
    this.#active.add(flight);
    if (shared) this.#joinable.set(adapterKey, flight);
    else flight.joinable = false;
    return flight;
  }

  /** Unregisters a settled flight. */
  finish(flight: Flight): void {
    this.#active.delete(flight);
    if (this.#joinable.get(flight.adapterKey) === flight) this.#joinable.delete(flight.adapterKey);
    flight.joinable = false;
  }

  get size(): number {
    return this.#active.size;
  }

  /**
   * Fences every flight touched by an invalidation of `adapterKeys` and
   * `tagKeys` (`all`: every flight, for a clear or a bus gap).
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
          // Its value's tags are unknown yet: remember what was invalidated, and
          // let newcomers start a fresh load rather than join this one.
          flight.invalidatedTagKeys ??= new Set();
          for (const tagKey of tagKeys) flight.invalidatedTagKeys.add(tagKey);
          this.#detach(flight);
        }
      }
      if (hit) {
        flight.fillable = false;
        this.#detach(flight);
      }
    }
  }

  #detach(flight: Flight): void {
    flight.joinable = false;
    if (this.#joinable.get(flight.adapterKey) === flight) this.#joinable.delete(flight.adapterKey);
  }
}

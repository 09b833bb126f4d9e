import type { BurstPolicy } from './burst-policy.js';
import type { InvalidateEvent } from './invalidate-event.js';
import type { InvalidationTargets } from './invalidation-targets.js';

/**
 * One store caches one kind of thing (ACLs per account, groups per user,
 * content by id). A store is standalone: it holds everything needed to key,
 * load, tag and invalidate its values, and uses no other store.
 *
 * `Id` is the lookup argument (a string, number or a small tuple object).
 * `Value` is what `load` returns; `undefined` from `load` means "does not exist"
 * and is not cached as a value.
 */
export interface StoreDefinition<Id, Value, Event extends InvalidateEvent = InvalidateEvent> {
  /** Unique store name; also the key prefix of its entries, e.g. `"acls"`. */
  readonly name: string;
  /**
   * Builds the cache key of one id. Must use every part of `id` that changes the
   * value (a key missing an argument serves one caller's data to another).
   */
  key(id: Id): string;
  /**
   * Tags of an entry, from its id and/or its loaded value (e.g. `content-<id>`
   * and `location-<id>` of each of its locations). Absent means no tags.
   */
  tags?(id: Id, value: Value): readonly string[];
  /** Time to live in the shared adapter, in milliseconds. Absent: the Cache default. */
  readonly ttlMilliseconds?: number;
  /** Burst-layer policy for this store; `false` keeps its values out of L1. */
  readonly burst?: BurstPolicy | false;
  /** Loads one value from the source of truth; `undefined` when it does not exist. */
  load(id: Id): Promise<Value | undefined>;
  /**
   * Loads many values in one backend call. Receives exactly the ids that missed,
   * without duplicates. Ids absent from the result are misses, not errors.
   */
  loadMany?(ids: readonly Id[]): Promise<ReadonlyMap<Id, Value>>;
  /**
   * Secondary lookups filled from the same value: a lookup by id also fills the
   * lookup by another identifier (e.g. content by remote id), and invalidating
   * the id drops both.
   */
  readonly indices?: Readonly<Record<string, (value: Value) => string | undefined>>;
  /**
   * Invalidation rules: for each event this store cares about, the keys and tags
   * it drops. Events with other entities are ignored.
   */
  invalidate?(event: Event): InvalidationTargets;
}

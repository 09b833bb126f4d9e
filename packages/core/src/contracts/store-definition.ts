import type { BurstPolicy } from './burst-policy.js';
import type { Duration } from './duration.js';
import type { InvalidateEvent } from './invalidate-event.js';
import type { ResilienceOptions } from './resilience-options.js';
import type { StoreIndex } from './store-index.js';
import type { StoreInvalidationRules } from './store-invalidation-rules.js';

/**
 * One store caches one kind of thing (ACLs per account, groups per user,
 * content by id). A store is standalone: it holds everything needed to key,
 * load, tag and invalidate its values, and uses no other store. Write one with
 * `defineStore`, use it through `bindStore(cache, definition)`, and register
 * `createStoreInvalidator(definition)` with the app's invalidator registry.
 *
 * - `Id` is the lookup argument: a string, a number, or a small object of them
 *   when the value depends on several arguments (`{ userId, accountId }`).
 * - `Value` is what `load` returns; `undefined` from `load` means "does not
 *   exist" and is not cached.
 * - `Event` is the union of invalidate events the store reacts to.
 */
export interface StoreDefinition<Id, Value, Event extends InvalidateEvent = InvalidateEvent>
  extends StoreInvalidationRules<Id, Event>,
    ResilienceOptions {
  /**
   * Tags of an entry, from its id and/or its loaded value (e.g. `content-<id>`
   * and `location-<id>` of each of its locations). Absent: no tags. Prefer
   * deleting by key when a tag would name one key only.
   */
  tags?(id: Id, value: Value): readonly string[];
  /**
   * Time to live in the shared adapter (L2), in milliseconds or as a duration
   * string (`'10m'`).
   * @default the Cache's `defaultTtlMilliseconds` (no expiry unless set there)
   */
  readonly ttlMilliseconds?: Duration;
  /**
   * Burst-layer (L1) policy of this store's entries; `false` keeps them out of L1
   * (values that must never be served stale from another process's memory).
   * @default the Cache's burst settings
   */
  readonly burst?: BurstPolicy | false;
  /**
   * Loads one value from the source of truth.
   * @returns the value, or `undefined` when it does not exist (not cached).
   */
  load(id: Id): Promise<Value | undefined>;
  /**
   * Loads many values in one backend call. Receives exactly the ids that missed
   * the cache, without duplicates, in the order they were asked for. Ids absent
   * from the result do not exist (not cached). Keys of the map must be the ids
   * given (the same strings or numbers; for object ids, the same objects).
   * Absent: `getMany` calls `load` once per missing id, concurrently.
   */
  loadMany?(ids: readonly Id[]): Promise<ReadonlyMap<Id, Value>>;
  /**
   * The id of a value; required when `indices` is set (a lookup through an index
   * learns the id from the value it loaded).
   */
  idOf?(value: Value): Id;
  /**
   * Secondary lookups by other identifiers (name: `/^[A-Za-z0-9_.-]{1,64}$/`). A
   * lookup by id also fills each index, and invalidating the id drops what every
   * index leads to. Absent: none.
   */
  readonly indices?: Readonly<Record<string, StoreIndex<Value>>>;
}

import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { StoreDefinition } from '../contracts/store-definition.js';

/**
 * A store definition bound to a cache (`bindStore(cache, definition)`): what
 * application code, composed caches and proxies call.
 */
export interface BoundStore<Id, Value, Event extends InvalidateEvent = never> {
  /** The definition this store was bound from. */
  readonly definition: StoreDefinition<Id, Value, Event>;
  /** The store's name (`definition.name`). */
  readonly name: string;
  /**
   * Reads one value: burst layer, then the shared adapter, then `load` on a miss
   * (one load per key at a time, whoever asks). A value loaded by id also fills
   * every index.
   * @returns the value, or `undefined` when it does not exist.
   */
  get(id: Id): Promise<Value | undefined>;
  /**
   * Reads many values with one shared-adapter round trip and, for the misses,
   * one `loadMany` call with exactly the missing ids (deduplicated, in input
   * order), then one batched write.
   * @returns one slot per id, in input order (duplicates included); `undefined`
   *   for each id that does not exist.
   */
  getMany(ids: readonly Id[]): Promise<Array<Value | undefined>>;
  /**
   * Reads one value through the secondary index `index` (e.g. content by remote
   * id). Costs two cache reads on a hit (the pointer, then the value).
   * @returns the value, or `undefined` when nothing has this identifier.
   * @throws InvalidOptionsError when the store has no index named `index`.
   */
  getBy(index: string, identifier: string): Promise<Value | undefined>;
  /**
   * Drops the entries of `ids` (and with them what every index leads to) through
   * one `Cache.invalidate` call: deferred inside a transaction, loud on failure.
   * Prefer events through the registry; this is for tests and tools.
   */
  invalidate(ids: readonly Id[]): Promise<void>;
  /** The cache key of `id`: `<name>:<key(id)>`. */
  keyOf(id: Id): string;
  /** The cache key of the index entry for `identifier`: `<name>@<index>:<identifier>`. */
  indexKeyOf(index: string, identifier: string): string;
}

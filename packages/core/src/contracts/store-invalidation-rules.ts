import type { InvalidateEvent } from './invalidate-event.js';
import type { StoreInvalidationTargets } from './store-invalidation-targets.js';

/**
 * The part of a store that names its keys and reacts to events: all an
 * invalidator needs (`createStoreInvalidator`), without the loaders. A store
 * package can export its rules as a constant and build both its definition and
 * its invalidator from them.
 */
export interface StoreInvalidationRules<Id, Event extends InvalidateEvent = InvalidateEvent> {
  /**
   * Unique store name, `/^[A-Za-z0-9_.-]{1,64}$/`; the prefix of every key of the
   * store (`<name>:<key(id)>`), so two stores never share a key.
   */
  readonly name: string;
  /**
   * The key of one id, without the store prefix; a non-empty string. It must
   * change with every part of `id` that changes the value: a key that misses an
   * argument serves one caller's data to another (the store test kit checks it).
   */
  key(id: Id): string;
  /**
   * Invalidation rules, one per event entity the store reacts to: the ids and
   * tags an event drops. Entities not listed are ignored. Keep rules pure: the
   * event's `ids` and `data` are all they may use.
   */
  readonly invalidatedBy?: {
    readonly [Entity in Event['entity']]?: (
      event: Extract<Event, { readonly entity: Entity }>,
    ) => StoreInvalidationTargets<Id>;
  };
}

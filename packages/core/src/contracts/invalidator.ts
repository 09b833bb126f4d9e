import type { InvalidateEvent } from './invalidate-event.js';
import type { InvalidationTargets } from './invalidation-targets.js';

/**
 * Turns invalidate events into key deletes and tag invalidations. One
 * invalidator per concern, one file each, one line in the app's registry
 * (`createInvalidatorRegistry`). Invalidators are pure: no I/O beyond computing
 * targets (an invalidator that needs data gets it through the event's `data`),
 * so they can run inside a transaction before anything is committed.
 *
 * `Event` is the union of the events this invalidator handles; the registry's
 * type is built from it, which is how an event no invalidator handles becomes a
 * compile error (see `AssertAllHandled`). `createStoreInvalidator` builds one
 * from a store definition.
 */
export interface Invalidator<Event extends InvalidateEvent = InvalidateEvent> {
  /** Name used in error messages, e.g. `"acls"`; unique within a registry. */
  readonly name: string;
  /**
   * The `entity` values this invalidator handles; never empty. The registry
   * dispatches an event only to invalidators whose `entities` contain its `entity`.
   */
  readonly entities: ReadonlyArray<Event['entity']>;
  /**
   * Narrows further by action; absent means every action. An event whose action
   * is not listed is not passed to `targets`.
   */
  readonly actions?: ReadonlyArray<Event['action']>;
  /**
   * Computes the keys and tags to drop for one event. Called only for events that
   * match `entities` (and `actions`). Must not write anywhere: the registry runs
   * the merged result as one batch.
   * @returns the targets; an empty object when the event touches nothing cached.
   * @throws anything: the registry still executes the targets of the other
   *   invalidators (dropping too much is safe, too little is not), then rejects
   *   with `InvalidationError` naming this invalidator.
   */
  targets(event: Event): InvalidationTargets | Promise<InvalidationTargets>;
}

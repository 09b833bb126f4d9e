import type { InvalidateEvent } from './invalidate-event.js';
import type { InvalidationTargets } from './invalidation-targets.js';

/**
 * Turns invalidate events into key deletes and tag invalidations. One
 * invalidator per concern, one file each; registered in the app's registry.
 * Invalidators are pure: no I/O beyond computing targets (an invalidator that
 * needs data must get it through the event's `data`).
 */
export interface Invalidator<Event extends InvalidateEvent = InvalidateEvent> {
  /** Name used in error messages, events and stats, e.g. `"acl-by-account"`. */
  readonly name: string;
  /**
   * The `entity` values this invalidator handles. The registry dispatches an
   * event only to invalidators whose `entities` contain its `entity`.
   */
  readonly entities: ReadonlyArray<Event['entity']>;
  /**
   * Optionally narrows further by action; absent means every action.
   */
  readonly actions?: ReadonlyArray<Event['action']>;
  /**
   * Computes the keys and tags to drop for one event.
   * @returns the targets; an empty object when the event touches nothing cached.
   */
  targets(event: Event): InvalidationTargets | Promise<InvalidationTargets>;
}

import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { InvalidationTargets } from '../contracts/invalidation-targets.js';
import type { Invalidator } from '../contracts/invalidator.js';

/**
 * Every invalidator of an app, bound to one cache (`createInvalidatorRegistry`).
 * Repositories hand it their events; it asks every matching invalidator for
 * targets and executes them as one `Cache.invalidate` call.
 *
 * `Event` is the union of the events the invalidators handle: passing an event
 * no invalidator handles does not compile.
 */
export interface InvalidatorRegistry<Event extends InvalidateEvent> {
  /** The registered invalidators, in registration order. */
  readonly invalidators: ReadonlyArray<Invalidator>;
  /**
   * Computes the targets of `events` (one or many) and executes them as one
   * `Cache.invalidate` call: deferred to the outermost commit inside a
   * transaction (dropped on rollback), and nothing at all when no key or tag
   * is touched.
   * @returns the merged targets (deduplicated, in first-seen order).
   * @throws InvalidationError when an invalidator throws (the others' targets
   *   are still executed) or the cache cannot invalidate.
   */
  dispatch(events: Event | readonly Event[]): Promise<Required<InvalidationTargets>>;
  /**
   * Computes the merged targets of `events` without executing them.
   * @throws InvalidationError when an invalidator throws.
   */
  targetsOf(events: Event | readonly Event[]): Promise<Required<InvalidationTargets>>;
}

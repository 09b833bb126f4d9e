import type { InvalidateAction, InvalidateEvent } from '../contracts/invalidate-event.js';

/** The events of `Event` that may carry `action`, without their `action` member. */
export type RepositoryEventInput<
  Event extends InvalidateEvent,
  Action extends InvalidateAction,
> = Event extends unknown
  ? Action extends Event['action']
    ? Omit<Event, 'action'>
    : never
  : never;

/** An event, or a function that builds it from what the write returned (e.g. a new id). */
export type RepositoryEventSource<
  Event extends InvalidateEvent,
  Action extends InvalidateAction,
  Result,
> = RepositoryEventInput<Event, Action> | ((result: Result) => RepositoryEventInput<Event, Action>);

/**
 * What a repository calls around its writes (`createRepositoryEvents`). Each
 * method runs the write first and emits the event only when it succeeded; a
 * write that throws emits nothing and rethrows. Inside `cache.transaction` the
 * invalidation waits for the outermost commit and is dropped on rollback.
 */
export interface RepositoryEvents<Event extends InvalidateEvent> {
  /**
   * Runs `write`, then emits `event` with action `create`.
   * @returns what `write` returned.
   * @throws what `write` threw (nothing emitted), or `InvalidationError` when the
   *   write succeeded but the invalidation failed.
   */
  onCreate<Result>(
    event: RepositoryEventSource<Event, 'create', Result>,
    write: () => Promise<Result>,
  ): Promise<Result>;
  /** As `onCreate`, with action `update`. */
  onUpdate<Result>(
    event: RepositoryEventSource<Event, 'update', Result>,
    write: () => Promise<Result>,
  ): Promise<Result>;
  /** As `onCreate`, with action `delete`. */
  onDelete<Result>(
    event: RepositoryEventSource<Event, 'delete', Result>,
    write: () => Promise<Result>,
  ): Promise<Result>;
  /** Emits complete events for a write the caller already ran (and that succeeded). */
  emit(events: Event | readonly Event[]): Promise<void>;
}

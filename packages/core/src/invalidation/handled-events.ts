import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { Invalidator } from '../contracts/invalidator.js';

/** The union of events a list of invalidators handles (each one's `Event` parameter). */
export type HandledEvent<Invalidators extends readonly Invalidator[]> =
  Invalidators[number] extends infer Each
    ? Each extends Invalidator<infer Event>
      ? Event
      : never
    : never;

/** The members of `AnyEvent` that no invalidator in `Invalidators` handles. */
export type UnhandledEvent<
  AnyEvent extends InvalidateEvent,
  Invalidators extends readonly Invalidator[],
> = Exclude<AnyEvent, HandledEvent<Invalidators>>;

/**
 * `true` when every member of `AnyEvent` has an invalidator; otherwise an object
 * type naming the unhandled events, so this line stops compiling:
 * ```ts
 * const invalidators = [aclsInvalidator, groupsInvalidator] as const;
 * const allHandled: AssertAllHandled<AnyInvalidateEvent, typeof invalidators> = true;
 * ```
 * An event that deliberately touches nothing cached should not be in the union
 * (or gets an invalidator returning `{}`), so forgetting one is never silent.
 */
export type AssertAllHandled<
  AnyEvent extends InvalidateEvent,
  Invalidators extends readonly Invalidator[],
> = [UnhandledEvent<AnyEvent, Invalidators>] extends [never]
  ? true
  : {
      readonly error: 'some events have no invalidator';
      readonly unhandled: UnhandledEvent<AnyEvent, Invalidators>;
    };

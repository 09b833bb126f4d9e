import type { InvalidateEvent } from '@pc/core';

/** One or more content items changed or were deleted (`ids` are content ids). */
export type ContentChangedEvent = InvalidateEvent<'content', number>;

/**
 * One or more content types changed in a way that affects the field data of
 * every item of the type (`ids` are content type ids).
 */
export type ContentTypeChangedEvent = InvalidateEvent<'content-type', number>;

/**
 * A location was created, hidden, revealed or deleted (`ids` are location ids;
 * `data.contentIds` the items assigned to them, whose lists of locations
 * changed). The shape `@pc/store-locations` emits under the same entity name.
 */
export type ContentLocationChangedEvent = InvalidateEvent<
  'location',
  number,
  { readonly contentIds?: readonly number[] }
>;

/**
 * A subtree of locations was moved or deleted (`ids` are the subtree roots):
 * the items at or below them have new paths or fewer locations. Emitted by
 * `@pc/store-locations`.
 */
export type ContentLocationSubtreeChangedEvent = InvalidateEvent<'location-subtree', number>;

/** Every event the content store reacts to; add them to the app's `AnyInvalidateEvent`. */
export type ContentEvent =
  | ContentChangedEvent
  | ContentTypeChangedEvent
  | ContentLocationChangedEvent
  | ContentLocationSubtreeChangedEvent;

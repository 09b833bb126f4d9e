import type { InvalidateEvent } from '@pc/core';

/** One or more content items changed or were deleted (`ids` are content ids). */
export type ContentChangedEvent = InvalidateEvent<'content', number>;

/**
 * One or more content types changed in a way that affects the field data of
 * every item of the type (`ids` are content type ids).
 */
export type ContentTypeChangedEvent = InvalidateEvent<'content-type', number>;

/** Every event the content store reacts to; add them to the app's `AnyInvalidateEvent`. */
export type ContentEvent = ContentChangedEvent | ContentTypeChangedEvent;

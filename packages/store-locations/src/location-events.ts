import type { InvalidateEvent } from '@pc/core';

/**
 * One or more single locations were created, changed or deleted (`ids` are
 * location ids); `data.parentId` is their parent, whose children list changed.
 */
export type LocationChangedEvent = InvalidateEvent<
  'location',
  number,
  { readonly parentId: number | undefined }
>;

/**
 * A subtree was moved (`update`) or deleted (`delete`); `ids` are the subtree
 * roots. Everything at or below them is dropped through `location-path-<id>`;
 * the children lists of the old and the new parent by key.
 */
export type LocationSubtreeChangedEvent = InvalidateEvent<
  'location-subtree',
  number,
  { readonly oldParentId: number | undefined; readonly newParentId?: number | undefined }
>;

/** Every event the location stores react to; add them to the app's `AnyInvalidateEvent`. */
export type LocationEvent = LocationChangedEvent | LocationSubtreeChangedEvent;

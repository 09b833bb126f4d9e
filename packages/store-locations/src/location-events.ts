import type { InvalidateEvent } from '@pc/core';

/**
 * One or more single locations were created, changed (hidden, revealed) or
 * deleted (`ids` are location ids); `data.parentId` is their parent, whose
 * children list changed, and `data.contentIds` the content items assigned to
 * them, whose lists of locations changed (a new location carries no tag yet, so
 * only the content id reaches that content). The shape `@pc/store-content`
 * reacts to under the same entity name.
 */
export type LocationChangedEvent = InvalidateEvent<
  'location',
  number,
  { readonly parentId: number | undefined; readonly contentIds: readonly number[] }
>;

/**
 * A subtree was moved (`update`) or deleted (`delete`); `ids` are the subtree
 * roots. Everything at or below them is dropped through `location-path-<id>`
 * (and entries tagged only `location-<root>`, through that tag); the children
 * lists of the old and the new parent by key.
 */
export type LocationSubtreeChangedEvent = InvalidateEvent<
  'location-subtree',
  number,
  { readonly oldParentId: number | undefined; readonly newParentId?: number | undefined }
>;

/** Every event the location stores react to; add them to the app's `AnyInvalidateEvent`. */
export type LocationEvent = LocationChangedEvent | LocationSubtreeChangedEvent;

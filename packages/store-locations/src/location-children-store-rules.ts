import type { StoreInvalidationRules } from '@pc/core';
import type { LocationEvent } from './location-events.js';
import { subtreeTags } from './subtree-tags.js';

const defined = (ids: ReadonlyArray<number | undefined>): number[] =>
  ids.filter((id): id is number => id !== undefined);

/**
 * Keys and invalidation rules of the children-of-a-location store:
 * `location-children:<parentId>`, dropped by key when a child of that parent is
 * created, changed or deleted, or when a subtree moves away from or to it; lists
 * inside a moved or deleted subtree drop through `location-path-<root>`, and
 * lists holding a changed location through its `location-<id>` (emitted by
 * `LOCATIONS_STORE_RULES`).
 */
export const LOCATION_CHILDREN_STORE_RULES: StoreInvalidationRules<number, LocationEvent> = {
  name: 'location-children',
  key: (parentId) => String(parentId),
  invalidatedBy: {
    location: (event) => ({ ids: defined([event.data?.parentId]) }),
    'location-subtree': (event) => ({
      ids: defined([event.data?.oldParentId, event.data?.newParentId]),
      tags: subtreeTags(event.ids),
    }),
  },
};

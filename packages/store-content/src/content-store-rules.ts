import type { StoreInvalidationRules } from '@pc/core';
import type { ContentEvent } from './content-events.js';
import { CONTENT_TAGS } from './content-tags.js';

/**
 * Keys and invalidation rules of the content store: `content:<id>`, dropped by
 * key on `content` events (the remote-id index points at the id, so it follows),
 * through `content-fields-type-<typeId>` on `content-type` events, and on the
 * location events of `@pc/store-locations`: by key for the items a `location`
 * event names (a new location is on no cached item's tags yet) plus
 * `location-<id>` for a location that changed or went; through `location-<root>`
 * and `location-path-<root>` for a moved or deleted subtree.
 */
export const CONTENT_STORE_RULES: StoreInvalidationRules<number, ContentEvent> = {
  name: 'content',
  key: (id) => String(id),
  invalidatedBy: {
    content: (event) => ({ ids: event.ids }),
    'content-type': (event) => ({ tags: event.ids.map(CONTENT_TAGS.contentFieldsType) }),
    location: (event) => ({
      ids: event.data?.contentIds ?? [],
      tags: event.action === 'create' ? [] : event.ids.map(CONTENT_TAGS.location),
    }),
    'location-subtree': (event) => ({
      tags: event.ids.flatMap((root) => [
        CONTENT_TAGS.location(root),
        CONTENT_TAGS.locationPath(root),
      ]),
    }),
  },
};

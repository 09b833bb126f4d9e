import type { StoreInvalidationRules } from '@pc/core';
import type { LocationEvent } from './location-events.js';
import { LOCATION_TAGS } from './location-tags.js';
import { subtreeTags } from './subtree-tags.js';

/**
 * Keys and invalidation rules of the locations-by-id store: `locations:<id>`,
 * dropped by key on `location` events, and through `location-<id>` when an
 * existing location changes or goes (the tag is on every entry about the
 * location and its content: children lists, content of other stores); through
 * `location-<root>` and `location-path-<root>` on subtree events (which reaches
 * every location below, and content tagged the same).
 */
export const LOCATIONS_STORE_RULES: StoreInvalidationRules<number, LocationEvent> = {
  name: 'locations',
  key: (id) => String(id),
  invalidatedBy: {
    location: (event) => ({
      ids: event.ids,
      // A new location is on no entry yet: its tag would reach nothing.
      tags: event.action === 'create' ? [] : event.ids.map(LOCATION_TAGS.location),
    }),
    'location-subtree': (event) => ({ tags: subtreeTags(event.ids) }),
  },
};

import type { StoreInvalidationRules } from '@pc/core';
import type { LocationEvent } from './location-events.js';
import { LOCATION_TAGS } from './location-tags.js';

/**
 * Keys and invalidation rules of the locations-by-id store: `locations:<id>`,
 * dropped by key on `location` events and through `location-path-<root>` on
 * subtree events (which reaches every location below, and content tagged the same).
 */
export const LOCATIONS_STORE_RULES: StoreInvalidationRules<number, LocationEvent> = {
  name: 'locations',
  key: (id) => String(id),
  invalidatedBy: {
    location: (event) => ({ ids: event.ids }),
    'location-subtree': (event) => ({ tags: event.ids.map(LOCATION_TAGS.locationPath) }),
  },
};

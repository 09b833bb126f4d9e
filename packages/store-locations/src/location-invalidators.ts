import { createStoreInvalidator, type Invalidator } from '@pc/core';
import { LOCATION_CHILDREN_STORE_RULES } from './location-children-store-rules.js';
import type { LocationEvent } from './location-events.js';
import { LOCATIONS_STORE_RULES } from './locations-store-rules.js';

/** Drops cached locations on `location` (by key) and `location-subtree` (by path tag) events. */
export const locationsInvalidator: Invalidator<LocationEvent> =
  createStoreInvalidator(LOCATIONS_STORE_RULES);

/** Drops cached children lists of the parents an event names, and lists inside a changed subtree. */
export const locationChildrenInvalidator: Invalidator<LocationEvent> = createStoreInvalidator(
  LOCATION_CHILDREN_STORE_RULES,
);

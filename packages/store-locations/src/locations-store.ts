import { defineStore, type StoreDefinition } from '@pc/core';
import type { Location } from './location.js';
import type { LocationEvent } from './location-events.js';
import type { LocationSource } from './location-source.js';
import { LOCATION_TAGS } from './location-tags.js';
import type { LocationsStoreOptions } from './locations-store-options.js';
import { LOCATIONS_STORE_RULES } from './locations-store-rules.js';
import { resolveLocationsStoreOptions } from './resolve-locations-store-options.js';

/**
 * The locations-by-id store over `source`. Each location is tagged
 * `location-<id>` and `location-path-<ancestor>` for every location on its path
 * (itself included), so a subtree operation drops it through one tag.
 * @throws InvalidOptionsError naming an unknown or invalid option.
 */
export function locationsStore(
  source: LocationSource,
  options: LocationsStoreOptions = {},
): StoreDefinition<number, Location, LocationEvent> {
  return defineStore<number, Location, LocationEvent>({
    ...LOCATIONS_STORE_RULES,
    ...resolveLocationsStoreOptions(options),
    tags: (id, location) => [
      LOCATION_TAGS.location(id),
      ...location.path.map(LOCATION_TAGS.locationPath),
    ],
    load: (id) => source.getLocation(id),
    loadMany: (ids) => source.getLocations(ids),
  });
}

import { defineStore, type StoreDefinition } from '@pc/core';
import type { Location } from './location.js';
import { LOCATION_CHILDREN_STORE_RULES } from './location-children-store-rules.js';
import type { LocationEvent } from './location-events.js';
import type { LocationSource } from './location-source.js';
import { LOCATION_TAGS } from './location-tags.js';
import type { LocationsStoreOptions } from './locations-store-options.js';
import { resolveLocationsStoreOptions } from './resolve-locations-store-options.js';

/**
 * The children-of-a-location store over `source`. A list is tagged
 * `location-<parentId>`, `location-<childId>` for each child, and
 * `location-path-<ancestor>` for the parent's path (taken from the children's
 * paths), so a move of any subtree above it reloads it with the new paths. An
 * empty list holds no paths and carries `location-path-<parentId>` only.
 * @throws InvalidOptionsError naming an unknown or invalid option.
 */
export function locationChildrenStore(
  source: LocationSource,
  options: LocationsStoreOptions = {},
): StoreDefinition<number, readonly Location[], LocationEvent> {
  return defineStore<number, readonly Location[], LocationEvent>({
    ...LOCATION_CHILDREN_STORE_RULES,
    ...resolveLocationsStoreOptions(options),
    tags: (parentId, children) => {
      const parentPath = children[0]?.path.slice(0, -1) ?? [parentId];
      return [
        LOCATION_TAGS.location(parentId),
        ...children.map((child) => LOCATION_TAGS.location(child.id)),
        ...parentPath.map(LOCATION_TAGS.locationPath),
      ];
    },
    load: (parentId) => source.getChildren(parentId),
  });
}

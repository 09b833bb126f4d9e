import { bindStore, createProxy, wireCachedSource } from '@pc/core';
import type { CachedLocationSourceOptions } from './cached-location-source-options.js';
import { locationChildrenStore } from './location-children-store.js';
import { locationChildrenInvalidator, locationsInvalidator } from './location-invalidators.js';
import type { LocationSource } from './location-source.js';
import { locationsStore } from './locations-store.js';

/**
 * A `LocationSource` whose reads go through the location stores and whose
 * writes run on the real source and then emit their events (deferred inside
 * `cache.transaction`, nothing emitted when the write fails). A subtree move
 * drops every location, children list and (tagged by `@pc/store-content`)
 * content item at or below the moved location; creating or hiding a location
 * names its content in the event, so `@pc/store-content` drops that item
 * (its list of locations changed). Backend code only.
 * @throws InvalidOptionsError when `cache` or `source` is missing.
 */
export function createCachedLocationSource(options: CachedLocationSourceOptions): LocationSource {
  const { cache, source } = options;
  const { events, getManyAsMap } = wireCachedSource(options, {
    name: 'store-locations',
    invalidators: [locationsInvalidator, locationChildrenInvalidator],
  });
  const locations = bindStore(cache, locationsStore(source, options.store));
  const children = bindStore(cache, locationChildrenStore(source, options.store));
  return createProxy(source, {
    getLocation: (id) => locations.get(id),
    getLocations: (ids) => getManyAsMap(locations, ids),
    getChildren: async (parentId) => (await children.get(parentId)) ?? [],
    createLocation: (parentId, contentId) =>
      events.onCreate(
        (location) => ({
          entity: 'location',
          ids: [location.id],
          data: { parentId, contentIds: [location.contentId] },
        }),
        () => source.createLocation(parentId, contentId),
      ),
    setLocationHidden: (id, hidden) =>
      events.onUpdate(
        (location) => ({
          entity: 'location',
          ids: [location.id],
          data: { parentId: location.parentId, contentIds: [location.contentId] },
        }),
        () => source.setLocationHidden(id, hidden),
      ),
    moveSubtree: (id, newParentId) =>
      events.onUpdate(
        ({ oldParentId }) => ({
          entity: 'location-subtree',
          ids: [id],
          data: { oldParentId, newParentId },
        }),
        () => source.moveSubtree(id, newParentId),
      ),
    deleteSubtree: (id) =>
      events.onDelete(
        ({ parentId }) => ({
          entity: 'location-subtree',
          ids: [id],
          data: { oldParentId: parentId },
        }),
        () => source.deleteSubtree(id),
      ),
  });
}

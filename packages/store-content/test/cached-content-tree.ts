import {
  type Cache,
  createInvalidatorRegistry,
  createProxy,
  createRepositoryEvents,
} from '@pc/core';
import { type ContentEvent, contentInvalidator, createCachedContentSource } from '../src/index.js';
import type { InMemoryContentSource } from './in-memory-content-source.js';

/**
 * Content reads through the cached content source; location writes emit the
 * events `@pc/store-locations` emits (same entity names and data, written here
 * because stores never import each other) through a registry holding
 * `contentInvalidator` only: what the content store does with them alone.
 */
export function createCachedContentTree(options: {
  readonly cache: Cache;
  readonly source: InMemoryContentSource;
}): InMemoryContentSource {
  const { cache, source } = options;
  const registry = createInvalidatorRegistry(cache, [contentInvalidator]);
  const events = createRepositoryEvents<ContentEvent>(registry);
  const content = createCachedContentSource({ cache, source, registry });
  return createProxy(source, {
    getContent: (id) => content.getContent(id),
    getContents: (ids) => content.getContents(ids),
    getContentByRemoteId: (remoteId) => content.getContentByRemoteId(remoteId),
    updateContent: (id, fields) => content.updateContent(id, fields),
    deleteContent: (id) => content.deleteContent(id),
    removeFieldFromType: (typeId, field) => content.removeFieldFromType(typeId, field),
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

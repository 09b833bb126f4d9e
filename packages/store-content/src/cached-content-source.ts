import { bindStore, createProxy, wireCachedSource } from '@pc/core';
import type { CachedContentSourceOptions } from './cached-content-source-options.js';
import { contentInvalidator } from './content-invalidator.js';
import type { ContentSource } from './content-source.js';
import { contentStore, REMOTE_ID_INDEX } from './content-store.js';

/**
 * A `ContentSource` whose reads go through the content store (by id, many ids,
 * or remote id) and whose writes run on the real source and then emit their
 * events (deferred inside `cache.transaction`, nothing emitted when the write
 * fails). Backend code only: it answers whoever calls it.
 * @throws InvalidOptionsError when `cache` or `source` is missing.
 */
export function createCachedContentSource(options: CachedContentSourceOptions): ContentSource {
  const { cache, source } = options;
  const { events, getManyAsMap } = wireCachedSource(options, {
    name: 'store-content',
    invalidators: [contentInvalidator],
  });
  const content = bindStore(cache, contentStore(source, options.store));
  return createProxy(source, {
    getContent: (id) => content.get(id),
    getContents: (ids) => getManyAsMap(content, ids),
    getContentByRemoteId: (remoteId) => content.getBy(REMOTE_ID_INDEX, remoteId),
    updateContent: (id, fields) =>
      events.onUpdate({ entity: 'content', ids: [id] }, () => source.updateContent(id, fields)),
    deleteContent: (id) =>
      events.onDelete({ entity: 'content', ids: [id] }, () => source.deleteContent(id)),
    removeFieldFromType: (contentTypeId, field) =>
      events.onUpdate({ entity: 'content-type', ids: [contentTypeId] }, () =>
        source.removeFieldFromType(contentTypeId, field),
      ),
  });
}

import {
  bindStore,
  createInvalidatorRegistry,
  createProxy,
  createRepositoryEvents,
  InvalidOptionsError,
} from '@pc/core';
import type { CachedContentSourceOptions } from './cached-content-source-options.js';
import type { Content } from './content.js';
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
  if (
    typeof cache !== 'object' ||
    cache === null ||
    typeof source !== 'object' ||
    source === null
  ) {
    throw new InvalidOptionsError('[pc:store-content] set "cache" and "source"');
  }
  const content = bindStore(cache, contentStore(source, options.store));
  const events = createRepositoryEvents(
    options.registry ?? createInvalidatorRegistry(cache, [contentInvalidator]),
  );
  return createProxy(source, {
    getContent: (id) => content.get(id),
    async getContents(ids) {
      const values = await content.getMany(ids);
      const found = new Map<number, Content>();
      values.forEach((value, index) => {
        if (value !== undefined) found.set(ids[index]!, value);
      });
      return found;
    },
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

import { defineStore, InvalidOptionsError, type StoreDefinition } from '@pc/core';
import type { Content } from './content.js';
import type { ContentEvent } from './content-events.js';
import type { ContentSource } from './content-source.js';
import { CONTENT_STORE_DEFAULTS, type ContentStoreOptions } from './content-store-options.js';
import { CONTENT_STORE_RULES } from './content-store-rules.js';
import { CONTENT_TAGS } from './content-tags.js';

const KNOWN_OPTIONS = new Set(Object.keys(CONTENT_STORE_DEFAULTS));

/** Name of the store's secondary index: content by remote id (`getBy('remoteId', remoteId)`). */
export const REMOTE_ID_INDEX = 'remoteId';

/**
 * The content store over `source`: content by id, and by remote id through a
 * secondary index (a lookup by id fills it; invalidating the id drops what it
 * leads to). Each entry is tagged `content-<id>`, `content-fields-type-<typeId>`,
 * and for each of its locations `location-<id>` and `location-path-<id>` of
 * every location on its path, so tree operations on `@pc/store-locations` reach it.
 * @throws InvalidOptionsError naming an unknown or invalid option.
 */
export function contentStore(
  source: ContentSource,
  options: ContentStoreOptions = {},
): StoreDefinition<number, Content, ContentEvent> {
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionsError(
        `[pc:store-content] unknown option "${name}"; known: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const ttlMilliseconds = options.ttlMilliseconds ?? CONTENT_STORE_DEFAULTS.ttlMilliseconds;
  const burst = options.burst ?? CONTENT_STORE_DEFAULTS.burst;
  return defineStore<number, Content, ContentEvent>({
    ...CONTENT_STORE_RULES,
    ...(ttlMilliseconds === undefined ? {} : { ttlMilliseconds }),
    ...(burst === undefined ? {} : { burst }),
    tags: (id, content) => [
      CONTENT_TAGS.content(id),
      CONTENT_TAGS.contentFieldsType(content.contentTypeId),
      ...content.locations.flatMap((location) => [
        CONTENT_TAGS.location(location.id),
        ...location.path.map(CONTENT_TAGS.locationPath),
      ]),
    ],
    load: (id) => source.getContent(id),
    loadMany: (ids) => source.getContents(ids),
    idOf: (content) => content.id,
    indices: {
      [REMOTE_ID_INDEX]: {
        identifierOf: (content) => content.remoteId,
        load: (remoteId) => source.getContentByRemoteId(remoteId),
      },
    },
  });
}

import type { StoreInvalidationRules } from '@pc/core';
import type { ContentEvent } from './content-events.js';
import { CONTENT_TAGS } from './content-tags.js';

/**
 * Keys and invalidation rules of the content store: `content:<id>`, dropped by
 * key on `content` events (the remote-id index points at the id, so it follows),
 * and through `content-fields-type-<typeId>` on `content-type` events.
 */
export const CONTENT_STORE_RULES: StoreInvalidationRules<number, ContentEvent> = {
  name: 'content',
  key: (id) => String(id),
  invalidatedBy: {
    content: (event) => ({ ids: event.ids }),
    'content-type': (event) => ({ tags: event.ids.map(CONTENT_TAGS.contentFieldsType) }),
  },
};

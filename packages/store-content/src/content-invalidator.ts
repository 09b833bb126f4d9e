import { createStoreInvalidator, type Invalidator } from '@pc/core';
import type { ContentEvent } from './content-events.js';
import { CONTENT_STORE_RULES } from './content-store-rules.js';

/**
 * Drops cached content on `content` events (by key) and `content-type` events
 * (by the `content-fields-type-<id>` tag). Register it in the app's registry.
 */
export const contentInvalidator: Invalidator<ContentEvent> =
  createStoreInvalidator(CONTENT_STORE_RULES);

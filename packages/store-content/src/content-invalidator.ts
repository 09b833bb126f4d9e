import { createStoreInvalidator, type Invalidator } from '@pc/core';
import type { ContentEvent } from './content-events.js';
import { CONTENT_STORE_RULES } from './content-store-rules.js';

/**
 * Drops cached content on `content` events (by key), `content-type` events
 * (by the `content-fields-type-<id>` tag) and the `location` and
 * `location-subtree` events of `@pc/store-locations` (the items they name, and
 * the location tags). Register it in the app's registry.
 */
export const contentInvalidator: Invalidator<ContentEvent> =
  createStoreInvalidator(CONTENT_STORE_RULES);

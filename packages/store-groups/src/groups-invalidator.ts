import { createStoreInvalidator, type Invalidator } from '@pc/core';
import type { GroupEvent } from './group-events.js';
import { GROUPS_STORE_RULES } from './groups-store-rules.js';

/**
 * Drops cached groups on `group-membership` events (by key) and `group` events
 * (by tag). Register it in the app's registry.
 */
export const groupsInvalidator: Invalidator<GroupEvent> =
  createStoreInvalidator(GROUPS_STORE_RULES);

import type { StoreInvalidationRules } from '@pc/core';
import type { GroupEvent } from './group-events.js';

/** The tag every cached entry of a member of `groupId` carries: `group-<groupId>`. */
export const groupTag = (groupId: string): string => `group-${groupId}`;

/**
 * Keys and invalidation rules of the groups store: `groups:<userId>`, dropped by
 * key when a user's memberships change, and through the `group-<groupId>` tag
 * of every member when a group changes as a whole (a tag here names many keys:
 * the case tags are for).
 */
export const GROUPS_STORE_RULES: StoreInvalidationRules<string, GroupEvent> = {
  name: 'groups',
  key: (userId) => userId,
  invalidatedBy: {
    'group-membership': (event) => ({ ids: event.ids }),
    group: (event) => ({ tags: event.ids.map(groupTag) }),
  },
};

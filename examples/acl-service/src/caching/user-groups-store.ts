import { defineStore } from '@pc/core';
import type { Queryable } from '../database/acl-database.js';
import { readUserGroups } from '../permissions/permission-queries.js';
import type { Group } from '../permissions/permissions-client.js';
import type { GroupEvent, GroupMembershipEvent } from '../repositories/invalidate-events.js';

/** Tag of every cached list that shows group `groupId`. */
export const groupTag = (groupId: number): string => `group-${groupId}`;

/**
 * Groups per user. A membership change touches one user's list: drop it by key.
 * A rename or delete shows in the list of every member, an unknown number of
 * keys: each list carries a `group-<id>` tag per group, and the `group` event
 * invalidates that tag.
 */
export function userGroupsStore(db: Queryable, ttlMilliseconds: number) {
  return defineStore<number, Group[], GroupMembershipEvent | GroupEvent>({
    name: 'groups',
    key: (userId) => String(userId),
    tags: (_userId, groups) => groups.map((group) => groupTag(group.id)),
    ttlMilliseconds,
    load: async (userId) => (await readUserGroups(db, [userId])).get(userId),
    loadMany: (userIds) => readUserGroups(db, userIds),
    invalidatedBy: {
      'group-membership': (event) => ({ ids: event.ids }),
      group: (event) => ({ tags: event.ids.map(groupTag) }),
    },
  });
}

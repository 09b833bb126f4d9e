import type { BoundStore } from '@pc/core';
import type { Permission } from '../database/schema.js';
import type { AclEntry, Group } from '../permissions/permissions-client.js';

/**
 * A cache composed from two stores (seed 000's "caches"): the access check is not
 * cached itself. It is computed per request from the user's groups and the
 * account's ACL, each cached once and shared by every check that needs it, so
 * nothing is cached per (user, account, permission).
 */
export function createPermissionsCache(stores: {
  readonly groups: BoundStore<number, Group[], never>;
  readonly acls: BoundStore<number, AclEntry[], never>;
}) {
  return {
    async canAccess(userId: number, accountId: number, permission: Permission): Promise<boolean> {
      const [groups, acl] = await Promise.all([
        stores.groups.get(userId),
        stores.acls.get(accountId),
      ]);
      if (groups === undefined || acl === undefined) return false;
      const groupIds = new Set(groups.map((group) => group.id));
      return acl.some((entry) => entry.permission === permission && groupIds.has(entry.groupId));
    },
  };
}

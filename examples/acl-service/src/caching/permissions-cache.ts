import type { BoundStore } from '@pc/core';
import type { AccountAcl, AclChangedEvent } from '@pc/store-acls';
import type { GroupEvent, UserGroups } from '@pc/store-groups';
import type { Permission } from '../database/schema.js';

/**
 * A cache composed from two stores (seed 000's "caches"): the access check is not
 * cached itself. It is computed per request from the user's groups and the
 * account's ACL, each cached once and shared by every check that needs it, so
 * nothing is cached per (user, account, permission).
 */
export function createPermissionsCache(stores: {
  readonly groups: BoundStore<string, UserGroups, GroupEvent>;
  readonly acls: BoundStore<string, AccountAcl, AclChangedEvent>;
}) {
  return {
    async canAccess(userId: string, accountId: string, permission: Permission): Promise<boolean> {
      const [groups, acl] = await Promise.all([
        stores.groups.get(userId),
        stores.acls.get(accountId),
      ]);
      if (groups === undefined || acl === undefined) return false;
      return groups.groupIds.some((groupId) => acl.grants[groupId]?.includes(permission) === true);
    },
  };
}

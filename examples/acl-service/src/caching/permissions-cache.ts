import {
  type BoundDerivedCache,
  type DerivedCacheInputs,
  defineDerivedCache,
  type StoreDefinition,
} from '@pc/core';
import type { AccountAcl, AclChangedEvent } from '@pc/store-acls';
import type { GroupEvent, UserGroups } from '@pc/store-groups';
import type { Permission } from '../database/schema.js';
import { grantedPermissions } from '../permissions/permission-check.js';

/** Who asks about which account. */
export interface UserOnAccount {
  readonly userId: string;
  readonly accountId: string;
}

/**
 * A derived cache (layer 1, over the groups and ACL stores): the permissions of a
 * user on an account, computed by the shared helper and cached per (user, account).
 * It follows its inputs on its own: a membership change of the user, an ACL
 * change of the account or the deletion of one of the user's groups makes it a
 * miss, with no invalidator of its own.
 */
export function accessCache(
  groups: StoreDefinition<string, UserGroups, GroupEvent>,
  acls: StoreDefinition<string, AccountAcl, AclChangedEvent>,
) {
  return defineDerivedCache({
    name: 'access',
    uses: { groups, acls },
    key: ({ userId, accountId }: UserOnAccount) => `${userId}:${accountId}`,
    compute: async ({ userId, accountId }, inputs) => {
      const [userGroups, acl] = await Promise.all([
        inputs.groups.get(userId),
        inputs.acls.get(accountId),
      ]);
      return grantedPermissions(userGroups, acl);
    },
  });
}

/** The access check of the proxy: one lookup of the derived cache. */
export function createPermissionsCache(
  access: BoundDerivedCache<UserOnAccount, Permission[], DerivedCacheInputs>,
) {
  return {
    async canAccess(userId: string, accountId: string, permission: Permission): Promise<boolean> {
      const granted = await access.get({ userId, accountId });
      return granted?.includes(permission) === true;
    },
  };
}

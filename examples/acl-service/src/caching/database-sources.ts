import type { AclSource } from '@pc/store-acls';
import type { GroupSource } from '@pc/store-groups';
import { PERMISSIONS } from '../database/schema.js';
import type { PermissionsClient } from '../permissions/permissions-client.js';
import type { ServiceRepositories } from '../repositories/create-repositories.js';

/**
 * The backends the store packages load from, in their terms (`AclSource`,
 * `GroupSource`): reads from the real client (one query each, batched for many
 * ids), writes through the repositories, so they emit their events.
 */
export function createDatabaseSources(
  real: PermissionsClient,
  repositories: ServiceRepositories,
): { readonly acls: AclSource; readonly groups: GroupSource } {
  return {
    acls: {
      getAccountAcl: (accountId) => real.getAccountAcl(accountId),
      getAccountAcls: (accountIds) => real.getAccountAcls(accountIds),
      async grant(accountId, groupId, permissions) {
        for (const permission of permissions) {
          if (!(PERMISSIONS as readonly string[]).includes(permission)) {
            throw new TypeError(`unknown permission "${permission}"`);
          }
          await repositories.acls.grant(
            accountId,
            groupId,
            permission as (typeof PERMISSIONS)[number],
          );
        }
      },
      async revoke(accountId, groupId) {
        await repositories.acls.revokeAll(accountId, groupId);
      },
      deleteAccountAcls: (accountIds) => repositories.acls.clearAccounts(accountIds),
    },
    groups: {
      getUserGroups: (userId) => real.getUserGroups(userId),
      getUsersGroups: (userIds) => real.getUsersGroups(userIds),
      async addMember(groupId, userId) {
        await repositories.memberships.add(groupId, userId);
      },
      async removeMember(groupId, userId) {
        await repositories.memberships.remove(groupId, userId);
      },
      async deleteGroup(groupId) {
        await repositories.groups.delete(groupId);
      },
    },
  };
}

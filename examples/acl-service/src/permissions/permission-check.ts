import type { AccountAcl } from '@pc/store-acls';
import type { UserGroups } from '@pc/store-groups';
import type { Permission } from '../database/schema.js';

/**
 * A helper: the service's permission rule as a pure function, shared by whoever
 * answers an access check from a user's groups and an account's ACL (the cache
 * today; the service itself could call it on the same two reads). The database
 * client answers with one SQL query that states the same rule (`readCanAccess`);
 * the example's tests check that both agree on every user and account.
 *
 * @returns the permissions any of the user's groups holds on the account, sorted;
 *   none when the user or the account does not exist.
 */
export function grantedPermissions(
  groups: UserGroups | undefined,
  acl: AccountAcl | undefined,
): Permission[] {
  if (groups === undefined || acl === undefined) return [];
  const granted = new Set<string>();
  for (const groupId of groups.groupIds) {
    for (const permission of acl.grants[groupId] ?? []) granted.add(permission);
  }
  return ([...granted] as Permission[]).sort();
}

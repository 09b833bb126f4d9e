import type { AccountAcl } from '@pc/store-acls';
import type { UserGroups } from '@pc/store-groups';
import type { Permission } from '../database/schema.js';

/** A user's profile. */
export interface User {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

/**
 * The permissions service client the HTTP layer talks to. The real one reads the
 * database on every call (`createDatabasePermissionsClient`); the cached one is a
 * proxy over it with the same type (`createPermissionsCaching`), so the rest of
 * the service cannot tell them apart. Ids are strings, as the stores key them.
 */
export interface PermissionsClient {
  /** The user's group ids, ascending; `undefined` when the user does not exist. */
  getUserGroups(userId: string): Promise<UserGroups | undefined>;
  /** Many users' groups in one query; users that do not exist are left out. */
  getUsersGroups(userIds: readonly string[]): Promise<ReadonlyMap<string, UserGroups>>;
  /** The account's ACL (permissions by group id); `undefined` when the account does not exist. */
  getAccountAcl(accountId: string): Promise<AccountAcl | undefined>;
  /** Many accounts' ACLs in one query; accounts that do not exist are left out. */
  getAccountAcls(accountIds: readonly string[]): Promise<ReadonlyMap<string, AccountAcl>>;
  /** Whether any of the user's groups holds `permission` on the account. */
  canAccess(userId: string, accountId: string, permission: Permission): Promise<boolean>;
  /** The user's profile; `undefined` when the user does not exist. Not cached. */
  getUser(userId: string): Promise<User | undefined>;
}

import type { Permission } from '../database/schema.js';

/** A group as users see it in their list of groups. */
export interface Group {
  readonly id: number;
  readonly name: string;
}

/** One ACL entry: `permission` on the account is granted to the members of `groupId`. */
export interface AclEntry {
  readonly groupId: number;
  readonly permission: Permission;
}

/** A user's profile. */
export interface User {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

/**
 * The permissions service client the HTTP layer talks to. The real one reads the
 * database on every call (`createDatabasePermissionsClient`); the cached one is a
 * proxy over it with the same type (`createCachedPermissionsClient`), so the rest
 * of the service cannot tell them apart.
 */
export interface PermissionsClient {
  /** The user's groups, ordered by id; `undefined` when the user does not exist. */
  getUserGroups(userId: number): Promise<Group[] | undefined>;
  /** The account's ACL, ordered by group id then permission; `undefined` when the account does not exist. */
  getAccountAcl(accountId: number): Promise<AclEntry[] | undefined>;
  /** Whether any of the user's groups holds `permission` on the account. */
  canAccess(userId: number, accountId: number, permission: Permission): Promise<boolean>;
  /** The user's profile; `undefined` when the user does not exist. */
  getUser(userId: number): Promise<User | undefined>;
}

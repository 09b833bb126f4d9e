import type { Queryable } from '../database/acl-database.js';
import { readAccountAcls, readCanAccess, readUser, readUsersGroups } from './permission-queries.js';
import type { PermissionsClient } from './permissions-client.js';

/** The real client: every call is one query against the database. */
export function createDatabasePermissionsClient(db: Queryable): PermissionsClient {
  return {
    getUserGroups: async (userId) => (await readUsersGroups(db, [userId])).get(userId),
    getUsersGroups: (userIds) => readUsersGroups(db, userIds),
    getAccountAcl: async (accountId) => (await readAccountAcls(db, [accountId])).get(accountId),
    getAccountAcls: (accountIds) => readAccountAcls(db, accountIds),
    canAccess: (userId, accountId, permission) => readCanAccess(db, userId, accountId, permission),
    getUser: (userId) => readUser(db, userId),
  };
}

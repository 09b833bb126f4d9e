import type { AccountAcl } from '@pc/store-acls';
import type { UserGroups } from '@pc/store-groups';
import type { Queryable } from '../database/acl-database.js';
import type { Permission } from '../database/schema.js';
import type { User } from './permissions-client.js';

/**
 * The groups of many users in one query: the groups they joined and, up the
 * nesting, every group those belong to (a recursive query, the way an ACL
 * system resolves nested groups). Users that do not exist are absent from the
 * map; users without groups have `groupIds: []`.
 */
export async function readUsersGroups(
  db: Queryable,
  userIds: readonly string[],
): Promise<Map<string, UserGroups>> {
  const rows = await db.query<{ user_id: number; group_id: number | null }>(
    `with recursive member_of (user_id, group_id) as (
       select m.user_id, m.group_id from memberships m where m.user_id = any($1::int[])
       union
       select mo.user_id, p.parent_id
         from member_of mo join group_parents p on p.group_id = mo.group_id
     )
     select u.id as user_id, mo.group_id
       from users u
       left join member_of mo on mo.user_id = u.id
      where u.id = any($1::int[])
      order by u.id, mo.group_id`,
    [userIds],
  );
  const groups = new Map<string, { userId: string; groupIds: string[] }>();
  for (const row of rows) {
    const userId = String(row.user_id);
    const entry = groups.get(userId) ?? { userId, groupIds: [] };
    groups.set(userId, entry);
    if (row.group_id !== null) entry.groupIds.push(String(row.group_id));
  }
  return groups;
}

/**
 * ACLs of many accounts in one query. Accounts that do not exist are absent from
 * the map; accounts without entries have `grants: {}`.
 */
export async function readAccountAcls(
  db: Queryable,
  accountIds: readonly string[],
): Promise<Map<string, AccountAcl>> {
  const rows = await db.query<{
    account_id: number;
    group_id: number | null;
    permission: Permission | null;
  }>(
    `select a.id as account_id, acl.group_id, acl.permission
       from accounts a
       left join acls acl on acl.account_id = a.id
      where a.id = any($1::int[])
      order by a.id, acl.group_id, acl.permission`,
    [accountIds],
  );
  const acls = new Map<string, { accountId: string; grants: Record<string, Permission[]> }>();
  for (const row of rows) {
    const accountId = String(row.account_id);
    const entry = acls.get(accountId) ?? { accountId, grants: {} };
    acls.set(accountId, entry);
    if (row.group_id !== null && row.permission !== null) {
      const groupId = String(row.group_id);
      entry.grants[groupId] = [...(entry.grants[groupId] ?? []), row.permission];
    }
  }
  return acls;
}

/**
 * The access check as one query: the user's groups, nested ones resolved up
 * to the top (recursive), joined with the account's ACL.
 */
export async function readCanAccess(
  db: Queryable,
  userId: string,
  accountId: string,
  permission: Permission,
): Promise<boolean> {
  const rows = await db.query<{ allowed: boolean }>(
    `with recursive member_of (group_id) as (
       select group_id from memberships where user_id = $1
       union
       select p.parent_id from member_of mo join group_parents p on p.group_id = mo.group_id
     )
     select exists (
       select 1 from member_of mo
         join acls a on a.group_id = mo.group_id
        where a.account_id = $2 and a.permission = $3
     ) as allowed`,
    [userId, accountId, permission],
  );
  return rows[0]?.allowed === true;
}

/** One user's profile. */
export async function readUser(db: Queryable, userId: string): Promise<User | undefined> {
  const rows = await db.query<User>('select id, name, email from users where id = $1', [userId]);
  return rows[0];
}

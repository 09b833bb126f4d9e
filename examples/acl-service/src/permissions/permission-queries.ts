import type { Queryable } from '../database/acl-database.js';
import type { Permission } from '../database/schema.js';
import type { AclEntry, Group, User } from './permissions-client.js';

/**
 * Groups of many users in one query. Users that do not exist are absent from the
 * map; users without groups map to `[]`.
 */
export async function readUserGroups(
  db: Queryable,
  userIds: readonly number[],
): Promise<Map<number, Group[]>> {
  const rows = await db.query<{ user_id: number; group_id: number | null; name: string | null }>(
    `select u.id as user_id, g.id as group_id, g.name
       from users u
       left join memberships m on m.user_id = u.id
       left join groups g on g.id = m.group_id
      where u.id = any($1::int[])
      order by u.id, g.id`,
    [userIds],
  );
  const groups = new Map<number, Group[]>();
  for (const row of rows) {
    const list = groups.get(row.user_id) ?? [];
    if (row.group_id !== null && row.name !== null) list.push({ id: row.group_id, name: row.name });
    groups.set(row.user_id, list);
  }
  return groups;
}

/**
 * ACLs of many accounts in one query. Accounts that do not exist are absent from
 * the map; accounts without entries map to `[]`.
 */
export async function readAccountAcls(
  db: Queryable,
  accountIds: readonly number[],
): Promise<Map<number, AclEntry[]>> {
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
  const acls = new Map<number, AclEntry[]>();
  for (const row of rows) {
    const list = acls.get(row.account_id) ?? [];
    if (row.group_id !== null && row.permission !== null) {
      list.push({ groupId: row.group_id, permission: row.permission });
    }
    acls.set(row.account_id, list);
  }
  return acls;
}

/** The access check as one query: a join of the user's memberships with the account's ACL. */
export async function readCanAccess(
  db: Queryable,
  userId: number,
  accountId: number,
  permission: Permission,
): Promise<boolean> {
  const rows = await db.query<{ allowed: boolean }>(
    `select exists (
       select 1 from memberships m
         join acls a on a.group_id = m.group_id
        where m.user_id = $1 and a.account_id = $2 and a.permission = $3
     ) as allowed`,
    [userId, accountId, permission],
  );
  return rows[0]?.allowed === true;
}

/** One user's profile. */
export async function readUser(db: Queryable, userId: number): Promise<User | undefined> {
  const rows = await db.query<User>('select id, name, email from users where id = $1', [userId]);
  return rows[0];
}

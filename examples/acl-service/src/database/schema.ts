/** The permissions a group can hold on an account. */
export const PERMISSIONS = ['read', 'write', 'admin', 'billing'] as const;

/** One of `PERMISSIONS`. */
export type Permission = (typeof PERMISSIONS)[number];

/** Whether a string names a permission. */
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Accounts are what is protected; groups are org-wide teams; an ACL entry grants
 * one permission on one account to one group. A user can do what any of their
 * groups can.
 */
export const SCHEMA_SQL = `
create table accounts (
  id integer primary key,
  name text not null
);
create table users (
  id integer primary key,
  name text not null,
  email text not null unique
);
create table groups (
  id integer primary key,
  name text not null
);
create table memberships (
  user_id integer not null references users (id) on delete cascade,
  group_id integer not null references groups (id) on delete cascade,
  primary key (user_id, group_id)
);
create index memberships_by_group on memberships (group_id);
create table acls (
  account_id integer not null references accounts (id) on delete cascade,
  group_id integer not null references groups (id) on delete cascade,
  permission text not null check (permission in (${PERMISSIONS.map((p) => `'${p}'`).join(', ')})),
  primary key (account_id, group_id, permission)
);
create index acls_by_group on acls (group_id);
`;

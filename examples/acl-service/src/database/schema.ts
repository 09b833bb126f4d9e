/** The permissions a group can hold on an account. */
export const PERMISSIONS = ['read', 'write', 'admin', 'billing'] as const;

/** One of `PERMISSIONS`. */
export type Permission = (typeof PERMISSIONS)[number];

/** Whether a string names a permission. */
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Accounts are what is protected; groups are org-wide teams, nested (a group's
 * members are members of its parent groups too: departments, teams, sub-teams);
 * an ACL entry grants one permission on one account to one group. A user can do
 * what any of their groups can, direct or inherited, the way real ACL systems
 * resolve nested groups (a recursive query).
 *
 * The tables first, their keys, indexes and foreign keys after the seed rows
 * (`CONSTRAINTS_SQL`): building an index once over loaded rows and checking a
 * foreign key in one pass is how bulk loads are done, and keeps the start-up at
 * a few seconds for hundreds of thousands of rows.
 */
export const SCHEMA_SQL = `
create table accounts (
  id integer primary key,
  name text not null
);
create table users (
  id integer primary key,
  name text not null,
  email text not null
);
create table groups (
  id integer primary key,
  name text not null
);
create table memberships (
  user_id integer not null,
  group_id integer not null
);
-- Members of group_id are members of parent_id too (a group may have several parents).
create table group_parents (
  group_id integer not null,
  parent_id integer not null
);
create table acls (
  account_id integer not null,
  group_id integer not null,
  permission text not null
);
`;

/** Keys, indexes and foreign keys of `SCHEMA_SQL`, added once the seed rows are in. */
export const CONSTRAINTS_SQL = `
alter table users add constraint users_email_key unique (email);
alter table memberships add primary key (user_id, group_id),
  add foreign key (user_id) references users (id) on delete cascade,
  add foreign key (group_id) references groups (id) on delete cascade;
create index memberships_by_group on memberships (group_id);
alter table group_parents add primary key (group_id, parent_id),
  add foreign key (group_id) references groups (id) on delete cascade,
  add foreign key (parent_id) references groups (id) on delete cascade;
create index group_parents_by_parent on group_parents (parent_id);
alter table acls add primary key (account_id, group_id, permission),
  add foreign key (account_id) references accounts (id) on delete cascade,
  add foreign key (group_id) references groups (id) on delete cascade,
  add check (permission in (${PERMISSIONS.map((p) => `'${p}'`).join(', ')}));
create index acls_by_group on acls (group_id);
`;

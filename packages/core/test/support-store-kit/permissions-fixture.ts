import {
  bindStore,
  type Cache,
  createInvalidatorRegistry,
  createProxy,
  createRepositoryEvents,
  createStoreInvalidator,
  defineStore,
  type InvalidateEvent,
} from '../../src/index.js';
import type { StoreKitOptions, StoreRows } from '../../src/testing/index.js';

/** ACL of one account: permissions by group. */
export interface AccountAcl {
  readonly accountId: string;
  readonly grants: Readonly<Record<string, readonly string[]>>;
}

/** The backend the kit fixtures cache: ACLs per account and a role per (user, account). */
export interface PermissionSource {
  getAccountAcl(accountId: string): Promise<AccountAcl | undefined>;
  getAccountAcls(accountIds: readonly string[]): Promise<Map<string, AccountAcl>>;
  getRole(userId: string, accountId: string): Promise<string | undefined>;
  grant(accountId: string, groupId: string, permission: string): Promise<void>;
  setRole(userId: string, accountId: string, role: string): Promise<void>;
  /** Reads live, never cached (drafts belong to one user). */
  getDraftAcl(accountId: string): Promise<AccountAcl | undefined>;
}

export type AclEvent = InvalidateEvent<'acl', string>;
export type RoleEvent = InvalidateEvent<'role', string, { readonly accountId: string }>;

/** An in-memory backend, fresh for every test. */
export class InMemoryPermissions implements PermissionSource {
  readonly #acls = new Map<string, Record<string, string[]>>([
    ['a-1', { admins: ['read', 'write'] }],
    ['a-2', { staff: ['read'] }],
    ['a-3', { staff: ['read'], admins: ['read', 'write'] }],
    ['a-4', {}],
  ]);
  readonly #roles = new Map<string, string>([
    ['u-1/a-1', 'owner'],
    ['u-1/a-2', 'viewer'],
    ['u-2/a-1', 'editor'],
  ]);

  async getAccountAcl(accountId: string): Promise<AccountAcl | undefined> {
    const grants = this.#acls.get(accountId);
    return grants === undefined ? undefined : structuredClone({ accountId, grants });
  }

  async getAccountAcls(accountIds: readonly string[]): Promise<Map<string, AccountAcl>> {
    const found = new Map<string, AccountAcl>();
    for (const accountId of accountIds) {
      const acl = await this.getAccountAcl(accountId);
      if (acl !== undefined) found.set(accountId, acl);
    }
    return found;
  }

  async getRole(userId: string, accountId: string): Promise<string | undefined> {
    return this.#roles.get(`${userId}/${accountId}`);
  }

  async grant(accountId: string, groupId: string, permission: string): Promise<void> {
    const grants = this.#acls.get(accountId) ?? {};
    grants[groupId] = [...(grants[groupId] ?? []), permission];
    this.#acls.set(accountId, grants);
  }

  async setRole(userId: string, accountId: string, role: string): Promise<void> {
    this.#roles.set(`${userId}/${accountId}`, role);
  }

  async getDraftAcl(accountId: string): Promise<AccountAcl | undefined> {
    return this.getAccountAcl(accountId);
  }
}

/** Which fault the fixture store has. */
export type PermissionsVariant =
  | 'correct'
  /** `grant` emits no event: the ACL stays cached after a grant. */
  | 'forgets-invalidation'
  /** The role key omits the account: one account's role is served for another. */
  | 'key-missing-argument';

/** The cached source: stores for ACLs and roles, writes through repository events. */
export function createCachedPermissions(
  cache: Cache,
  source: PermissionSource,
  variant: PermissionsVariant,
): PermissionSource {
  const acls = defineStore<string, AccountAcl, AclEvent>({
    name: 'acls',
    key: (accountId) => accountId,
    ttlMilliseconds: 600_000,
    load: (accountId) => source.getAccountAcl(accountId),
    loadMany: (accountIds) => source.getAccountAcls(accountIds),
    invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
  });
  type RoleId = { readonly userId: string; readonly accountId: string };
  const roles = defineStore<RoleId, string, RoleEvent>({
    name: 'roles',
    key: (id) => (variant === 'key-missing-argument' ? id.userId : `${id.userId}/${id.accountId}`),
    tags: (id) => [`user-${id.userId}`],
    load: (id) => source.getRole(id.userId, id.accountId),
    invalidatedBy: {
      role: (event) => ({
        ids: event.ids.map((userId) => ({ userId, accountId: event.data!.accountId })),
      }),
    },
  });
  const registry = createInvalidatorRegistry(cache, [
    createStoreInvalidator(acls),
    createStoreInvalidator(roles),
  ]);
  const events = createRepositoryEvents(registry);
  const aclStore = bindStore(cache, acls);
  const roleStore = bindStore(cache, roles);
  return createProxy(source, {
    getAccountAcl: aclStore,
    async getAccountAcls(accountIds) {
      const values = await aclStore.getMany(accountIds);
      const found = new Map<string, AccountAcl>();
      values.forEach((value, index) => {
        if (value !== undefined) found.set(accountIds[index]!, value);
      });
      return found;
    },
    getRole: (userId, accountId) => roleStore.get({ userId, accountId }),
    grant: (accountId, groupId, permission) =>
      variant === 'forgets-invalidation'
        ? source.grant(accountId, groupId, permission)
        : events.onUpdate({ entity: 'acl', ids: [accountId] }, () =>
            source.grant(accountId, groupId, permission),
          ),
    setRole: (userId, accountId, role) =>
      events.onUpdate({ entity: 'role', ids: [userId], data: { accountId } }, () =>
        source.setRole(userId, accountId, role),
      ),
  });
}

/** Rows as the correct store behaves. */
export const CORRECT_ROWS: StoreRows<PermissionSource> = {
  getAccountAcl: [
    { kind: 'read', title: 'a-1', args: ['a-1'], key: 'acls:a-1', ttlMilliseconds: 600_000 },
    { kind: 'read', title: 'a-2', args: ['a-2'], key: 'acls:a-2', ttlMilliseconds: 600_000 },
  ],
  getAccountAcls: {
    kind: 'read-many',
    entries: [
      { id: 'a-1', key: 'acls:a-1' },
      { id: 'a-2', key: 'acls:a-2' },
      { id: 'a-3', key: 'acls:a-3' },
      { id: 'a-4', key: 'acls:a-4' },
    ],
    ttlMilliseconds: 600_000,
  },
  getRole: { kind: 'read', args: ['u-1', 'a-1'], key: 'roles:u-1/a-1', tags: ['user-u-1'] },
  grant: {
    kind: 'write',
    args: ['a-1', 'staff', 'read'],
    invalidates: { keys: ['acls:a-1'] },
  },
  setRole: {
    kind: 'write',
    args: ['u-1', 'a-1', 'viewer'],
    invalidates: { keys: ['roles:u-1/a-1'] },
  },
  getDraftAcl: { kind: 'write', title: 'uncached read', args: ['a-1'] },
};

/** Kit options for one variant; `rowsAgree` writes the rows to match the broken store. */
export function permissionsKitOptions(
  variant: PermissionsVariant,
  rowsAgree = false,
): StoreKitOptions<PermissionSource> {
  let rows = CORRECT_ROWS;
  if (rowsAgree && variant === 'forgets-invalidation') {
    rows = { ...rows, grant: { kind: 'write', args: ['a-1', 'staff', 'read'] } };
  }
  if (rowsAgree && variant === 'key-missing-argument') {
    rows = {
      ...rows,
      getRole: { kind: 'read', args: ['u-1', 'a-1'], key: 'roles:u-1', tags: ['user-u-1'] },
      setRole: {
        kind: 'write',
        args: ['u-1', 'a-1', 'viewer'],
        invalidates: { keys: ['roles:u-1'] },
      },
    };
  }
  return {
    name: `permissions (${variant}${rowsAgree ? ', rows agree' : ''})`,
    source: () => new InMemoryPermissions(),
    subject: ({ cache, source }) => createCachedPermissions(cache, source, variant),
    rows,
  };
}

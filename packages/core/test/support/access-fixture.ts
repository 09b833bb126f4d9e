import {
  type DerivedCacheDefinition,
  type DerivedCacheInputs,
  defineDerivedCache,
  defineStore,
  type InvalidateEvent,
  type StoreDefinition,
} from '../../src/index.js';

// Seed 000's three layers in miniature: two stores (groups per user, ACLs per
// account), a helper shared with the "service" (grantedPermissions), a layer-1
// derived cache over both stores and a layer-2 cache over the layer-1 cache.

export type MembershipChanged = InvalidateEvent<'group-membership', string>;
export type GroupDeleted = InvalidateEvent<'group', string>;
export type AclChanged = InvalidateEvent<'acl', string>;
export type Acl = Readonly<Record<string, readonly string[]>>;

export const ACCOUNTS = ['acme', 'globex'] as const;

/** The database the stores load from; `reads` lists every load. */
export class Directory {
  readonly groupsByUser = new Map<string, string[]>([
    ['ann', ['admins', 'staff']],
    ['bob', ['staff']],
  ]);
  readonly aclByAccount = new Map<string, Record<string, string[]>>([
    ['acme', { admins: ['billing', 'read'], staff: ['read'] }],
    ['globex', { staff: ['read', 'write'] }],
  ]);
  readonly reads: string[] = [];
  /** Awaited by every group load when set (race tests). */
  groupsGate: Promise<void> | undefined;

  getGroups = async (userId: string): Promise<readonly string[] | undefined> => {
    this.reads.push(`groups ${userId}`);
    if (this.groupsGate !== undefined) await this.groupsGate;
    const groups = this.groupsByUser.get(userId);
    return groups === undefined ? undefined : [...groups];
  };

  getAcl = async (accountId: string): Promise<Acl | undefined> => {
    this.reads.push(`acl ${accountId}`);
    const acl = this.aclByAccount.get(accountId);
    return acl === undefined ? undefined : structuredClone(acl);
  };
}

/** The helper: the service's permission logic, pure, shared with the cache. */
export function grantedPermissions(
  groups: readonly string[] | undefined,
  acl: Acl | undefined,
): string[] {
  if (groups === undefined || acl === undefined) return [];
  return [...new Set(groups.flatMap((group) => acl[group] ?? []))].sort();
}

export type GroupsDefinition = StoreDefinition<
  string,
  readonly string[],
  MembershipChanged | GroupDeleted
>;
export type AclsDefinition = StoreDefinition<string, Acl, AclChanged>;

export const groupsStore = (directory: Directory): GroupsDefinition =>
  defineStore<string, readonly string[], MembershipChanged | GroupDeleted>({
    name: 'groups',
    key: (userId) => userId,
    tags: (_, groups) => groups.map((group) => `group-${group}`),
    load: directory.getGroups,
    invalidatedBy: {
      'group-membership': (event) => ({ ids: event.ids }),
      group: (event) => ({ tags: event.ids.map((group) => `group-${group}`) }),
    },
  });

export const aclsStore = (directory: Directory): AclsDefinition =>
  defineStore<string, Acl, AclChanged>({
    name: 'acls',
    key: (accountId) => accountId,
    load: directory.getAcl,
    invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
  });

export interface UserOnAccount {
  readonly userId: string;
  readonly accountId: string;
}

/** Layer 1: the permissions of a user on an account. `computed` counts computations. */
export function accessCache(
  groups: GroupsDefinition,
  acls: AclsDefinition,
  hooks: { computed: number; beforeFinish?: () => Promise<void> } = { computed: 0 },
) {
  return defineDerivedCache({
    name: 'access',
    uses: { groups, acls },
    key: ({ userId, accountId }: UserOnAccount) => `${userId}:${accountId}`,
    compute: async ({ userId, accountId }, inputs) => {
      hooks.computed++;
      const [userGroups, acl] = await Promise.all([
        inputs.groups.get(userId),
        inputs.acls.get(accountId),
      ]);
      await hooks.beforeFinish?.();
      return grantedPermissions(userGroups, acl);
    },
  });
}

/** Layer 2: the accounts a user may bill, from the layer-1 cache. */
export function billingCache(
  access: DerivedCacheDefinition<UserOnAccount, string[], DerivedCacheInputs>,
  hooks: { computed: number } = { computed: 0 },
) {
  return defineDerivedCache({
    name: 'billing',
    layer: 2,
    uses: { access },
    key: (userId: string) => userId,
    compute: async (userId, inputs) => {
      hooks.computed++;
      const permissions = await inputs.access.getMany(
        ACCOUNTS.map((accountId) => ({ userId, accountId })),
      );
      return ACCOUNTS.filter((_, index) => permissions[index]?.includes('billing') === true);
    },
  });
}

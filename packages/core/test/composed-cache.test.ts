import { describe, expect, it } from 'vitest';
import {
  type BoundStore,
  bindStore,
  createCache,
  createInvalidatorRegistry,
  createRepositoryEvents,
  createStoreInvalidator,
} from '../src/index.js';
import {
  type Acl,
  type AclChanged,
  aclsStore,
  Directory,
  type GroupDeleted,
  groupsStore,
  type MembershipChanged,
} from './support/access-fixture.js';
import { MapAdapter } from './support/map-adapter.js';

// Seed 000's "caches": app-level functions composed from standalone stores. Two
// small stores mirror @pc/store-groups and @pc/store-acls (a store never imports
// another store, so the composition lives in app code, as here). The cached
// version of the same check is a derived cache (derived-caches.test.ts).

/** The composed cache: a permissions check built from the two stores. */
function createPermissionsCache(stores: {
  groups: BoundStore<string, readonly string[], MembershipChanged | GroupDeleted>;
  acls: BoundStore<string, Acl, AclChanged>;
}) {
  return {
    async canAccess(userId: string, accountId: string, permission: string): Promise<boolean> {
      const [groups, acl] = await Promise.all([
        stores.groups.get(userId),
        stores.acls.get(accountId),
      ]);
      return (groups ?? []).some((group) => acl?.[group]?.includes(permission) ?? false);
    },
  };
}

function setup() {
  const directory = new Directory();
  const cache = createCache({ adapter: new MapAdapter(), burst: false });
  const groups = groupsStore(directory);
  const acls = aclsStore(directory);
  const registry = createInvalidatorRegistry(cache, [
    createStoreInvalidator(groups),
    createStoreInvalidator(acls),
  ]);
  const events = createRepositoryEvents(registry);
  const permissions = createPermissionsCache({
    groups: bindStore(cache, groups),
    acls: bindStore(cache, acls),
  });
  return { directory, events, permissions };
}

describe('a cache composed from stores: canAccess from groups per user x ACLs per account', () => {
  it('answers from both stores and loads each only once', async () => {
    const { directory, permissions } = setup();
    expect(await permissions.canAccess('ann', 'acme', 'billing')).toBe(true);
    expect(await permissions.canAccess('bob', 'acme', 'billing')).toBe(false);
    expect(await permissions.canAccess('bob', 'globex', 'write')).toBe(true);
    expect(await permissions.canAccess('ann', 'acme', 'read')).toBe(true);
    expect(directory.reads.sort()).toEqual(['acl acme', 'acl globex', 'groups ann', 'groups bob']);
  });

  it('an ACL change reaches the check through the acl invalidator', async () => {
    const { directory, events, permissions } = setup();
    expect(await permissions.canAccess('bob', 'acme', 'billing')).toBe(false);
    await events.onUpdate({ entity: 'acl', ids: ['acme'] }, async () => {
      directory.aclByAccount.get('acme')!.staff!.push('billing');
    });
    expect(await permissions.canAccess('bob', 'acme', 'billing')).toBe(true);
  });

  it('deleting a group drops every member through its tag, leaving other users cached', async () => {
    const { directory, events, permissions } = setup();
    await permissions.canAccess('ann', 'acme', 'billing');
    await permissions.canAccess('bob', 'acme', 'billing');
    directory.reads.length = 0;
    await events.onDelete({ entity: 'group', ids: ['admins'] }, async () => {
      directory.groupsByUser.set('ann', ['staff']);
    });
    expect(await permissions.canAccess('ann', 'acme', 'billing')).toBe(false);
    expect(await permissions.canAccess('bob', 'acme', 'read')).toBe(true);
    expect(directory.reads).toEqual(['groups ann']);
  });
});

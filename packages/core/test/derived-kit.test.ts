import { describeDerivedCache } from '../src/testing/index.js';
import {
  accessCache,
  aclsStore,
  billingCache,
  Directory,
  groupsStore,
  type UserOnAccount,
} from './support/access-fixture.js';

const access = (directory: Directory) => accessCache(groupsStore(directory), aclsStore(directory));

describeDerivedCache<Directory, UserOnAccount, string[]>({
  name: 'access (layer 1, over two stores)',
  source: () => new Directory(),
  definition: access,
  reads: [
    {
      title: 'ann on acme',
      args: { userId: 'ann', accountId: 'acme' },
      key: 'access:ann:acme',
      dependsOn: { keys: ['groups:ann', 'acls:acme'], tags: ['group-admins', 'group-staff'] },
    },
    {
      title: 'bob on globex',
      args: { userId: 'bob', accountId: 'globex' },
      key: 'access:bob:globex',
      dependsOn: { keys: ['groups:bob', 'acls:globex'], tags: ['group-staff'] },
    },
    {
      title: 'nobody on nothing (inputs that do not exist)',
      args: { userId: 'nobody', accountId: 'nothing' },
      key: 'access:nobody:nothing',
      dependsOn: { keys: ['groups:nobody', 'acls:nothing'] },
    },
  ],
  changes: [
    {
      title: 'an ACL change on acme (event)',
      change: (directory) => {
        directory.aclByAccount.get('acme')!.staff!.push('write');
      },
      invalidates: { event: { entity: 'acl', action: 'update', ids: ['acme'] } },
    },
    {
      title: 'ann leaves admins (event)',
      change: (directory) => {
        directory.groupsByUser.set('ann', ['staff']);
      },
      invalidates: { event: { entity: 'group-membership', action: 'update', ids: ['ann'] } },
    },
    {
      title: 'group staff deleted (tag)',
      change: (directory) => {
        for (const [user, groups] of directory.groupsByUser) {
          directory.groupsByUser.set(
            user,
            groups.filter((group) => group !== 'staff'),
          );
        }
      },
      invalidates: { tags: ['group-staff'] },
    },
    {
      title: 'account nothing created (key)',
      change: (directory) => {
        directory.aclByAccount.set('nothing', {});
      },
      invalidates: { keys: ['acls:nothing'] },
    },
  ],
});

describeDerivedCache<Directory, string, string[]>({
  name: 'billing (layer 2, over the access cache)',
  source: () => new Directory(),
  definition: (directory) => billingCache(access(directory)),
  reads: [
    {
      title: 'ann',
      args: 'ann',
      key: 'billing:ann',
      dependsOn: {
        keys: ['access:ann:acme', 'access:ann:globex', 'groups:ann', 'acls:acme', 'acls:globex'],
        tags: ['group-admins', 'group-staff'],
      },
    },
  ],
  changes: [
    {
      title: 'billing granted to staff on globex (event)',
      change: (directory) => {
        directory.aclByAccount.get('globex')!.staff!.push('billing');
      },
      invalidates: { event: { entity: 'acl', action: 'update', ids: ['globex'] } },
    },
    {
      title: "bob's groups change (event)",
      change: (directory) => {
        directory.groupsByUser.set('bob', []);
      },
      invalidates: { event: { entity: 'group-membership', action: 'update', ids: ['bob'] } },
    },
  ],
});

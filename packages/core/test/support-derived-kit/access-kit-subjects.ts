import { defineDerivedCache } from '../../src/index.js';
import type { DerivedKitOptions } from '../../src/testing/index.js';
import {
  aclsStore,
  type Directory,
  grantedPermissions,
  groupsStore,
  type UserOnAccount,
} from '../support/access-fixture.js';

/**
 * The fault of the `reads-around-inputs` fixtures: the ACL is read straight from
 * the source, not through `inputs`, so it is no dependency.
 */
export const accessReadingAroundInputs = (directory: Directory) =>
  defineDerivedCache({
    name: 'access',
    uses: { groups: groupsStore(directory), acls: aclsStore(directory) },
    key: ({ userId, accountId }: UserOnAccount) => `${userId}:${accountId}`,
    compute: async ({ userId, accountId }, inputs) =>
      grantedPermissions(await inputs.groups.get(userId), await directory.getAcl(accountId)),
  });

/** The rows of the derived kit self-test (what the correct access cache depends on). */
export const ACCESS_ROWS: Pick<
  DerivedKitOptions<Directory, UserOnAccount, string[]>,
  'reads' | 'changes'
> = {
  reads: [
    {
      title: 'ann on acme',
      args: { userId: 'ann', accountId: 'acme' },
      key: 'access:ann:acme',
      dependsOn: { keys: ['groups:ann', 'acls:acme'], tags: ['group-admins', 'group-staff'] },
    },
  ],
  changes: [
    {
      title: 'an ACL change on acme',
      change: (directory) => {
        directory.aclByAccount.set('acme', { staff: ['admin'] });
      },
      invalidates: { event: { entity: 'acl', action: 'update', ids: ['acme'] } },
    },
  ],
};

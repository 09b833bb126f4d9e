import type { DerivedKitOptions } from '../../src/testing/index.js';
import type { Directory, UserOnAccount } from '../support/access-fixture.js';

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

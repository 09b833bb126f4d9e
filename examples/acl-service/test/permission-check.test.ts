import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AclDatabase } from '../src/database/acl-database.js';
import { PERMISSIONS } from '../src/database/schema.js';
import { grantedPermissions } from '../src/permissions/permission-check.js';
import {
  readAccountAcls,
  readCanAccess,
  readUsersGroups,
} from '../src/permissions/permission-queries.js';

// The helper the cache computes with states the same rule as the service's SQL
// check (nested groups resolved by a recursive query on both sides): compared on
// every user, account and permission of a small database.
describe('the permission helper agrees with the service', () => {
  let database: AclDatabase;

  beforeAll(async () => {
    database = await AclDatabase.open({ accounts: 12, users: 30, groups: 8 });
  }, 60_000);

  afterAll(async () => {
    await database.close();
  });

  it('grantedPermissions(groups, acl) allows exactly what readCanAccess allows', async () => {
    const db = database.uncounted;
    const userIds = Array.from({ length: 31 }, (_, index) => String(index + 1));
    const accountIds = Array.from({ length: 13 }, (_, index) => String(index + 1));
    const groups = await readUsersGroups(db, userIds);
    const acls = await readAccountAcls(db, accountIds);
    let allowed = 0;
    for (const userId of userIds) {
      for (const accountId of accountIds) {
        const granted = grantedPermissions(groups.get(userId), acls.get(accountId));
        for (const permission of PERMISSIONS) {
          const service = await readCanAccess(db, userId, accountId, permission);
          expect(granted.includes(permission), `${userId} ${accountId} ${permission}`).toBe(
            service,
          );
          if (service) allowed++;
        }
      }
    }
    // The comparison covers both answers, and groups held through nesting only.
    const direct = await db.query<{ user_id: number; group_id: number }>(
      'select user_id, group_id from memberships',
    );
    const inherited = [...groups.values()].filter((user) =>
      user.groupIds.some(
        (groupId) =>
          !direct.some(
            (row) => String(row.user_id) === user.userId && String(row.group_id) === groupId,
          ),
      ),
    );
    expect(inherited.length).toBeGreaterThan(0);
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(31 * 13 * PERMISSIONS.length);
  });
});

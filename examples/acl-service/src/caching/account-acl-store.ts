import { defineStore } from '@pc/core';
import type { Queryable } from '../database/acl-database.js';
import { readAccountAcls } from '../permissions/permission-queries.js';
import type { AclEntry } from '../permissions/permissions-client.js';
import type { AclEvent } from '../repositories/invalidate-events.js';

/** ACLs per account. Every change names its accounts, so keys are enough: no tags. */
export function accountAclStore(db: Queryable, ttlMilliseconds: number) {
  return defineStore<number, AclEntry[], AclEvent>({
    name: 'acls',
    key: (accountId) => String(accountId),
    ttlMilliseconds,
    load: async (accountId) => (await readAccountAcls(db, [accountId])).get(accountId),
    loadMany: (accountIds) => readAccountAcls(db, accountIds),
    invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
  });
}

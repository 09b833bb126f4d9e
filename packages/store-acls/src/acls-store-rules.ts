import type { StoreInvalidationRules } from '@pc/core';
import type { AclChangedEvent } from './acl-changed-event.js';

/**
 * Keys and invalidation rules of the ACL store: `acls:<accountId>`, dropped by
 * key when an `acl` event names the account. No tags: each ACL lives under one
 * key, and deleting a key is cheaper than a tag (invalidating a tag costs a version
 * write and makes every read check that version).
 */
export const ACLS_STORE_RULES: StoreInvalidationRules<string, AclChangedEvent> = {
  name: 'acls',
  key: (accountId) => accountId,
  invalidatedBy: { acl: (event) => ({ ids: event.ids }) },
};

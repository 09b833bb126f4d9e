import { bindStore, createProxy, wireCachedSource } from '@pc/core';
import type { AclSource } from './acl-source.js';
import { aclsInvalidator } from './acls-invalidator.js';
import { aclsStore } from './acls-store.js';
import type { CachedAclSourceOptions } from './cached-acl-source-options.js';

/**
 * An `AclSource` whose reads go through the ACL store and whose writes run on
 * the real source and then emit `acl` events (deferred inside
 * `cache.transaction`, nothing emitted when the write fails). A drop-in for the
 * source, for backend code only: it answers whoever calls it, so authorize
 * before you read.
 * @throws InvalidOptionsError when `cache` or `source` is missing.
 */
export function createCachedAclSource(options: CachedAclSourceOptions): AclSource {
  const { cache, source } = options;
  const { events, getManyAsMap } = wireCachedSource(options, {
    name: 'store-acls',
    invalidators: [aclsInvalidator],
  });
  const acls = bindStore(cache, aclsStore(source, options.store));
  return createProxy(source, {
    getAccountAcl: (accountId) => acls.get(accountId),
    getAccountAcls: (accountIds) => getManyAsMap(acls, accountIds),
    grant: (accountId, groupId, permissions) =>
      events.onUpdate({ entity: 'acl', ids: [accountId] }, () =>
        source.grant(accountId, groupId, permissions),
      ),
    revoke: (accountId, groupId) =>
      events.onUpdate({ entity: 'acl', ids: [accountId] }, () => source.revoke(accountId, groupId)),
    deleteAccountAcls: (accountIds) =>
      events.onDelete({ entity: 'acl', ids: accountIds }, () =>
        source.deleteAccountAcls(accountIds),
      ),
  });
}

import {
  bindStore,
  createInvalidatorRegistry,
  createProxy,
  createRepositoryEvents,
  InvalidOptionsError,
} from '@pc/core';
import type { AccountAcl } from './account-acl.js';
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
  if (
    typeof cache !== 'object' ||
    cache === null ||
    typeof source !== 'object' ||
    source === null
  ) {
    throw new InvalidOptionsError('[pc:store-acls] set "cache" and "source"');
  }
  const acls = bindStore(cache, aclsStore(source, options.store));
  const events = createRepositoryEvents(
    options.registry ?? createInvalidatorRegistry(cache, [aclsInvalidator]),
  );
  return createProxy(source, {
    getAccountAcl: (accountId) => acls.get(accountId),
    async getAccountAcls(accountIds) {
      const values = await acls.getMany(accountIds);
      const found = new Map<string, AccountAcl>();
      values.forEach((value, index) => {
        if (value !== undefined) found.set(accountIds[index]!, value);
      });
      return found;
    },
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

import { defineStore, InvalidOptionsError, type StoreDefinition } from '@pc/core';
import type { AccountAcl } from './account-acl.js';
import type { AclChangedEvent } from './acl-changed-event.js';
import type { AclSource } from './acl-source.js';
import { ACLS_STORE_DEFAULTS, type AclsStoreOptions } from './acls-store-options.js';
import { ACLS_STORE_RULES } from './acls-store-rules.js';

const KNOWN_OPTIONS = new Set(Object.keys(ACLS_STORE_DEFAULTS));

/**
 * The ACLs-per-account store over `source`: bind it with
 * `bindStore(cache, aclsStore(source))`. Loads one account with
 * `getAccountAcl`, many with one `getAccountAcls` call.
 * @throws InvalidOptionsError naming an unknown or invalid option.
 */
export function aclsStore(
  source: AclSource,
  options: AclsStoreOptions = {},
): StoreDefinition<string, AccountAcl, AclChangedEvent> {
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionsError(
        `[pc:store-acls] unknown option "${name}"; known: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const ttlMilliseconds = options.ttlMilliseconds ?? ACLS_STORE_DEFAULTS.ttlMilliseconds;
  const burst = options.burst ?? ACLS_STORE_DEFAULTS.burst;
  return defineStore<string, AccountAcl, AclChangedEvent>({
    ...ACLS_STORE_RULES,
    ...(ttlMilliseconds === undefined ? {} : { ttlMilliseconds }),
    ...(burst === undefined ? {} : { burst }),
    load: (accountId) => source.getAccountAcl(accountId),
    loadMany: (accountIds) => source.getAccountAcls(accountIds),
  });
}

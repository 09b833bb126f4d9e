import type { Cache, InvalidatorRegistry } from '@pc/core';
import type { AclChangedEvent } from './acl-changed-event.js';
import type { AclSource } from './acl-source.js';
import type { AclsStoreOptions } from './acls-store-options.js';

/** Options of `createCachedAclSource`. */
export interface CachedAclSourceOptions {
  /** The cache the ACL store is bound to. */
  readonly cache: Cache;
  /** The real backend: reads load from it on a miss, writes go to it. Never the cached source itself. */
  readonly source: AclSource;
  /**
   * Where writes send their `acl` events: the app's registry (it must contain
   * `aclsInvalidator` and be bound to the same cache).
   * @default a registry over `cache` with `aclsInvalidator` only
   */
  readonly registry?: Pick<InvalidatorRegistry<AclChangedEvent>, 'dispatch'>;
  /** Options of the ACL store. @default {} */
  readonly store?: AclsStoreOptions;
}

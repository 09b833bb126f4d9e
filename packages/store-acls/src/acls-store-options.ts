import type { BurstPolicy } from '@pc/core';

/** Options of `aclsStore`. */
export interface AclsStoreOptions {
  /**
   * Time to live of a cached ACL in the shared adapter, in milliseconds. ACLs
   * are invalidated on every change, so a TTL only bounds memory.
   * @default undefined (the Cache's default; none: kept until invalidated)
   */
  readonly ttlMilliseconds?: number;
  /**
   * Burst-layer policy for ACLs; `false` keeps them out of per-process memory
   * (then a revoke is seen by every process the moment it is invalidated,
   * without relying on the bus).
   * @default undefined (the Cache's burst settings)
   */
  readonly burst?: BurstPolicy | false;
}

/** Defaults of `AclsStoreOptions`. */
export const ACLS_STORE_DEFAULTS = {
  ttlMilliseconds: undefined,
  burst: undefined,
} as const satisfies AclsStoreOptions;

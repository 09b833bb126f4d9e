import type { AccountAcl } from './account-acl.js';

/**
 * What the ACL backend (a database, the ACL service's own client) offers. The
 * store loads through it; `createCachedAclSource` wraps it so reads are cached
 * and writes invalidate.
 */
export interface AclSource {
  /**
   * The ACL of one account.
   * @returns the ACL, or `undefined` when the account does not exist.
   */
  getAccountAcl(accountId: string): Promise<AccountAcl | undefined>;
  /**
   * The ACLs of many accounts in one backend call.
   * @returns a map by account id; accounts that do not exist are left out.
   */
  getAccountAcls(accountIds: readonly string[]): Promise<ReadonlyMap<string, AccountAcl>>;
  /** Adds `permissions` to what `groupId` may do on `accountId`. */
  grant(accountId: string, groupId: string, permissions: readonly string[]): Promise<void>;
  /** Removes every permission of `groupId` on `accountId`. */
  revoke(accountId: string, groupId: string): Promise<void>;
  /** Removes the ACLs of the given accounts (the accounts were deleted). */
  deleteAccountAcls(accountIds: readonly string[]): Promise<void>;
}

import type { AccountAcl, AclSource } from '../src/index.js';

/** A fake ACL backend for tests: accounts a-1 to a-4, fresh per instance. */
export class InMemoryAclSource implements AclSource {
  readonly #grants = new Map<string, Record<string, string[]>>([
    ['a-1', { admins: ['billing', 'read', 'write'] }],
    ['a-2', { staff: ['read'] }],
    ['a-3', { admins: ['read', 'write'], staff: ['read'] }],
    ['a-4', {}],
  ]);

  async getAccountAcl(accountId: string): Promise<AccountAcl | undefined> {
    const grants = this.#grants.get(accountId);
    return grants === undefined ? undefined : { accountId, grants: structuredClone(grants) };
  }

  async getAccountAcls(accountIds: readonly string[]): Promise<ReadonlyMap<string, AccountAcl>> {
    const found = new Map<string, AccountAcl>();
    for (const accountId of accountIds) {
      const acl = await this.getAccountAcl(accountId);
      if (acl !== undefined) found.set(accountId, acl);
    }
    return found;
  }

  async grant(accountId: string, groupId: string, permissions: readonly string[]): Promise<void> {
    const grants = this.#grants.get(accountId) ?? {};
    grants[groupId] = [...new Set([...(grants[groupId] ?? []), ...permissions])];
    this.#grants.set(accountId, grants);
  }

  async revoke(accountId: string, groupId: string): Promise<void> {
    delete this.#grants.get(accountId)?.[groupId];
  }

  async deleteAccountAcls(accountIds: readonly string[]): Promise<void> {
    for (const accountId of accountIds) this.#grants.delete(accountId);
  }
}

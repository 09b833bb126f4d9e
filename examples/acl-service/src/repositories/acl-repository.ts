import type { Queryable } from '../database/acl-database.js';
import type { Permission } from '../database/schema.js';
import type { ServiceRepositoryEvents } from './invalidate-events.js';

/** Writes ACL entries; each write emits an `acl` event once it succeeded. */
export class AclRepository {
  readonly #db: Queryable;
  readonly #events: ServiceRepositoryEvents;

  constructor(db: Queryable, events: ServiceRepositoryEvents) {
    this.#db = db;
    this.#events = events;
  }

  /** Grants `permission` on the account to the group. @returns whether the entry is new. */
  grant(accountId: string, groupId: string, permission: Permission): Promise<boolean> {
    return this.#events.onUpdate(
      (changed) => ({ entity: 'acl', ids: changed ? [accountId] : [] }),
      async () => {
        const rows = await this.#db.query(
          `insert into acls (account_id, group_id, permission) values ($1, $2, $3)
           on conflict do nothing returning account_id`,
          [accountId, groupId, permission],
        );
        return rows.length > 0;
      },
    );
  }

  /** Revokes one permission of the group on the account. @returns whether an entry was removed. */
  revoke(accountId: string, groupId: string, permission: Permission): Promise<boolean> {
    return this.#events.onUpdate(
      (changed) => ({ entity: 'acl', ids: changed ? [accountId] : [] }),
      async () => {
        const rows = await this.#db.query(
          `delete from acls where account_id = $1 and group_id = $2 and permission = $3
           returning account_id`,
          [accountId, groupId, permission],
        );
        return rows.length > 0;
      },
    );
  }

  /** Revokes every permission of the group on the account. @returns whether an entry was removed. */
  revokeAll(accountId: string, groupId: string): Promise<boolean> {
    return this.#events.onUpdate(
      (changed) => ({ entity: 'acl', ids: changed ? [accountId] : [] }),
      async () => {
        const rows = await this.#db.query(
          'delete from acls where account_id = $1 and group_id = $2 returning account_id',
          [accountId, groupId],
        );
        return rows.length > 0;
      },
    );
  }

  /** Removes every entry of the given accounts' ACLs. */
  clearAccounts(accountIds: readonly string[]): Promise<void> {
    return this.#events.onUpdate({ entity: 'acl', ids: accountIds }, async () => {
      await this.#db.query('delete from acls where account_id = any($1::int[])', [accountIds]);
    });
  }
}

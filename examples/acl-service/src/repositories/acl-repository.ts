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
  grant(accountId: number, groupId: number, permission: Permission): Promise<boolean> {
    return this.#events.onCreate(
      (changed) => ({
        entity: 'acl',
        ids: changed ? [accountId] : [],
        data: { groupId, permission },
      }),
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

  /** Revokes the entry. @returns whether an entry was removed. */
  revoke(accountId: number, groupId: number, permission: Permission): Promise<boolean> {
    return this.#events.onDelete(
      (changed) => ({
        entity: 'acl',
        ids: changed ? [accountId] : [],
        data: { groupId, permission },
      }),
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
}

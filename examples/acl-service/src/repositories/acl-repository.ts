import type { Queryable } from '../database/acl-database.js';
import type { Permission } from '../database/schema.js';
import type { InvalidateEventSink } from './invalidate-events.js';

/** Writes ACL entries; emits an `acl` event after each write that changed a row. */
export class AclRepository {
  readonly #db: Queryable;
  readonly #emit: InvalidateEventSink;

  constructor(db: Queryable, emit: InvalidateEventSink) {
    this.#db = db;
    this.#emit = emit;
  }

  /** Grants `permission` on the account to the group. @returns whether the entry is new. */
  async grant(accountId: number, groupId: number, permission: Permission): Promise<boolean> {
    const rows = await this.#db.query(
      `insert into acls (account_id, group_id, permission) values ($1, $2, $3)
       on conflict do nothing returning account_id`,
      [accountId, groupId, permission],
    );
    if (rows.length === 0) return false;
    await this.#emit({
      entity: 'acl',
      action: 'create',
      ids: [accountId],
      data: { groupId, permission },
    });
    return true;
  }

  /** Revokes the entry. @returns whether an entry was removed. */
  async revoke(accountId: number, groupId: number, permission: Permission): Promise<boolean> {
    const rows = await this.#db.query(
      `delete from acls where account_id = $1 and group_id = $2 and permission = $3
       returning account_id`,
      [accountId, groupId, permission],
    );
    if (rows.length === 0) return false;
    await this.#emit({
      entity: 'acl',
      action: 'delete',
      ids: [accountId],
      data: { groupId, permission },
    });
    return true;
  }
}

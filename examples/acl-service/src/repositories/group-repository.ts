import type { AclDatabase } from '../database/acl-database.js';
import type { ServiceRepositoryEvents } from './invalidate-events.js';

/** Creates and deletes groups. */
export class GroupRepository {
  readonly #db: AclDatabase;
  readonly #events: ServiceRepositoryEvents;

  constructor(db: AclDatabase, events: ServiceRepositoryEvents) {
    this.#db = db;
    this.#events = events;
  }

  /**
   * Creates a group. No event: a new group has no members and no grants, so no
   * cached value can show it yet.
   * @returns its id.
   */
  async create(name: string): Promise<string> {
    const rows = await this.#db.query<{ id: number }>(
      'insert into groups (id, name) select coalesce(max(id), 0) + 1, $1 from groups returning id',
      [name],
    );
    return String(rows[0]!.id);
  }

  /**
   * Deletes a group with its memberships and ACL entries. The `group` event drops
   * the cached groups of every member (through the `group-<id>` tag); the `acl`
   * event drops the ACL of every account that named the group. Invalidators are
   * pure, so the repository collects those accounts in the delete's transaction.
   * @returns whether the group existed.
   */
  async delete(groupId: string): Promise<boolean> {
    const { existed, accountIds } = await this.#db.transaction(async (tx) => {
      const accounts = await tx.query<{ account_id: number }>(
        'select distinct account_id from acls where group_id = $1 order by account_id',
        [groupId],
      );
      const deleted = await tx.query('delete from groups where id = $1 returning id', [groupId]);
      return {
        existed: deleted.length > 0,
        accountIds: accounts.map((row) => String(row.account_id)),
      };
    });
    if (!existed) return false;
    await this.#events.emit([
      { entity: 'group', action: 'delete', ids: [groupId] },
      { entity: 'acl', action: 'update', ids: accountIds },
    ]);
    return true;
  }
}

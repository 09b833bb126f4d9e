import type { AclDatabase } from '../database/acl-database.js';
import type { ServiceRepositoryEvents } from './invalidate-events.js';

/** Writes groups; each write emits its events once it succeeded. */
export class GroupRepository {
  readonly #db: AclDatabase;
  readonly #events: ServiceRepositoryEvents;

  constructor(db: AclDatabase, events: ServiceRepositoryEvents) {
    this.#db = db;
    this.#events = events;
  }

  /** Creates a group. @returns its id. */
  create(name: string): Promise<number> {
    return this.#events.onCreate(
      (groupId) => ({ entity: 'group', ids: [groupId] }),
      async () => {
        const rows = await this.#db.query<{ id: number }>(
          'insert into groups (id, name) select coalesce(max(id), 0) + 1, $1 from groups returning id',
          [name],
        );
        return rows[0]!.id;
      },
    );
  }

  /** Renames a group. @returns whether the group exists. */
  rename(groupId: number, name: string): Promise<boolean> {
    return this.#events.onUpdate(
      (changed) => ({ entity: 'group', ids: changed ? [groupId] : [] }),
      async () => {
        const rows = await this.#db.query(
          'update groups set name = $2 where id = $1 returning id',
          [groupId, name],
        );
        return rows.length > 0;
      },
    );
  }

  /**
   * Deletes a group with its memberships and ACL entries. Besides the `group`
   * event (members' group lists), it emits an `acl` event for every account whose
   * ACL named the group: the invalidators are pure, so the repository collects
   * those ids in the same transaction as the delete.
   * @returns whether the group existed.
   */
  async delete(groupId: number): Promise<boolean> {
    const { existed, accountIds } = await this.#db.transaction(async (tx) => {
      const accounts = await tx.query<{ account_id: number }>(
        'select distinct account_id from acls where group_id = $1 order by account_id',
        [groupId],
      );
      const deleted = await tx.query('delete from groups where id = $1 returning id', [groupId]);
      return { existed: deleted.length > 0, accountIds: accounts.map((row) => row.account_id) };
    });
    if (!existed) return false;
    await this.#events.emit([
      { entity: 'group', action: 'delete', ids: [groupId] },
      { entity: 'acl', action: 'update', ids: accountIds, data: { groupId } },
    ]);
    return true;
  }
}

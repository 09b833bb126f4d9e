import type { Queryable } from '../database/acl-database.js';
import type { InvalidateEventSink } from './invalidate-events.js';

/** Writes groups; emits a `group` event after each write that changed a row. */
export class GroupRepository {
  readonly #db: Queryable;
  readonly #emit: InvalidateEventSink;

  constructor(db: Queryable, emit: InvalidateEventSink) {
    this.#db = db;
    this.#emit = emit;
  }

  /** Creates a group. @returns its id. */
  async create(name: string): Promise<number> {
    const rows = await this.#db.query<{ id: number }>(
      'insert into groups (id, name) select coalesce(max(id), 0) + 1, $1 from groups returning id',
      [name],
    );
    const id = rows[0]!.id;
    await this.#emit({ entity: 'group', action: 'create', ids: [id] });
    return id;
  }

  /** Renames a group. @returns whether the group exists. */
  async rename(groupId: number, name: string): Promise<boolean> {
    const rows = await this.#db.query('update groups set name = $2 where id = $1 returning id', [
      groupId,
      name,
    ]);
    if (rows.length === 0) return false;
    await this.#emit({ entity: 'group', action: 'update', ids: [groupId] });
    return true;
  }

  /** Deletes a group with its memberships and ACL entries. @returns whether it existed. */
  async delete(groupId: number): Promise<boolean> {
    const rows = await this.#db.query('delete from groups where id = $1 returning id', [groupId]);
    if (rows.length === 0) return false;
    await this.#emit({ entity: 'group', action: 'delete', ids: [groupId] });
    return true;
  }
}

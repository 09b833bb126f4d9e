import type { Queryable } from '../database/acl-database.js';
import type { InvalidateEventSink } from './invalidate-events.js';

/** Writes memberships; emits a `membership` event after each write that changed a row. */
export class MembershipRepository {
  readonly #db: Queryable;
  readonly #emit: InvalidateEventSink;

  constructor(db: Queryable, emit: InvalidateEventSink) {
    this.#db = db;
    this.#emit = emit;
  }

  /** Adds the user to the group. @returns whether the membership is new. */
  async add(userId: number, groupId: number): Promise<boolean> {
    const rows = await this.#db.query(
      `insert into memberships (user_id, group_id) values ($1, $2)
       on conflict do nothing returning user_id`,
      [userId, groupId],
    );
    if (rows.length === 0) return false;
    await this.#emit({ entity: 'membership', action: 'create', ids: [userId], data: { groupId } });
    return true;
  }

  /** Removes the user from the group. @returns whether a membership was removed. */
  async remove(userId: number, groupId: number): Promise<boolean> {
    const rows = await this.#db.query(
      'delete from memberships where user_id = $1 and group_id = $2 returning user_id',
      [userId, groupId],
    );
    if (rows.length === 0) return false;
    await this.#emit({ entity: 'membership', action: 'delete', ids: [userId], data: { groupId } });
    return true;
  }
}

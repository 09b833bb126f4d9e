import type { Queryable } from '../database/acl-database.js';
import type { ServiceRepositoryEvents } from './invalidate-events.js';

/** Writes memberships; each write emits a `group-membership` event once it succeeded. */
export class MembershipRepository {
  readonly #db: Queryable;
  readonly #events: ServiceRepositoryEvents;

  constructor(db: Queryable, events: ServiceRepositoryEvents) {
    this.#db = db;
    this.#events = events;
  }

  /** Adds the user to the group. @returns whether the membership is new. */
  add(groupId: string, userId: string): Promise<boolean> {
    return this.#events.onUpdate(
      // No row changed, nothing to drop: an event with no ids touches nothing.
      (changed) => ({ entity: 'group-membership', ids: changed ? [userId] : [] }),
      async () => {
        const rows = await this.#db.query(
          `insert into memberships (user_id, group_id) values ($1, $2)
           on conflict do nothing returning user_id`,
          [userId, groupId],
        );
        return rows.length > 0;
      },
    );
  }

  /** Removes the user from the group. @returns whether a membership was removed. */
  remove(groupId: string, userId: string): Promise<boolean> {
    return this.#events.onUpdate(
      (changed) => ({ entity: 'group-membership', ids: changed ? [userId] : [] }),
      async () => {
        const rows = await this.#db.query(
          'delete from memberships where user_id = $1 and group_id = $2 returning user_id',
          [userId, groupId],
        );
        return rows.length > 0;
      },
    );
  }
}

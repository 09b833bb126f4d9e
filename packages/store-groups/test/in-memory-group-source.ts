import type { GroupSource, UserGroups } from '../src/index.js';

/** A fake directory for tests: u-1 (admins, staff), u-2 (staff), u-3 (support), u-4 (none). */
export class InMemoryGroupSource implements GroupSource {
  readonly #members = new Map<string, Set<string>>([
    ['u-1', new Set(['admins', 'staff'])],
    ['u-2', new Set(['staff'])],
    ['u-3', new Set(['support'])],
    ['u-4', new Set()],
  ]);

  async getUserGroups(userId: string): Promise<UserGroups | undefined> {
    const groups = this.#members.get(userId);
    return groups === undefined ? undefined : { userId, groupIds: [...groups].sort() };
  }

  async getUsersGroups(userIds: readonly string[]): Promise<ReadonlyMap<string, UserGroups>> {
    const found = new Map<string, UserGroups>();
    for (const userId of userIds) {
      const groups = await this.getUserGroups(userId);
      if (groups !== undefined) found.set(userId, groups);
    }
    return found;
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    const groups = this.#members.get(userId) ?? new Set<string>();
    groups.add(groupId);
    this.#members.set(userId, groups);
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    this.#members.get(userId)?.delete(groupId);
  }

  async deleteGroup(groupId: string): Promise<void> {
    for (const groups of this.#members.values()) groups.delete(groupId);
  }
}

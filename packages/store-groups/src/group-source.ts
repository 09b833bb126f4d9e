import type { UserGroups } from './user-groups.js';

/**
 * What the group backend (a database, the directory service's client) offers.
 * The store loads through it; `createCachedGroupSource` wraps it so reads are
 * cached and writes invalidate.
 */
export interface GroupSource {
  /**
   * The groups of one user.
   * @returns the groups, or `undefined` when the user does not exist.
   */
  getUserGroups(userId: string): Promise<UserGroups | undefined>;
  /**
   * The groups of many users in one backend call.
   * @returns a map by user id; users that do not exist are left out.
   */
  getUsersGroups(userIds: readonly string[]): Promise<ReadonlyMap<string, UserGroups>>;
  /** Makes `userId` a member of `groupId`. */
  addMember(groupId: string, userId: string): Promise<void>;
  /** Removes `userId` from `groupId`. */
  removeMember(groupId: string, userId: string): Promise<void>;
  /** Deletes a group: none of its former members belongs to it any more. */
  deleteGroup(groupId: string): Promise<void>;
}

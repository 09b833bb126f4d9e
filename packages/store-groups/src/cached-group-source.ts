import {
  bindStore,
  createInvalidatorRegistry,
  createProxy,
  createRepositoryEvents,
  InvalidOptionsError,
} from '@pc/core';
import type { CachedGroupSourceOptions } from './cached-group-source-options.js';
import type { GroupSource } from './group-source.js';
import { groupsInvalidator } from './groups-invalidator.js';
import { groupsStore } from './groups-store.js';
import type { UserGroups } from './user-groups.js';

/**
 * A `GroupSource` whose reads go through the groups store and whose writes run
 * on the real source and then emit their events (deferred inside
 * `cache.transaction`, nothing emitted when the write fails). Backend code
 * only: it answers whoever calls it.
 * @throws InvalidOptionsError when `cache` or `source` is missing.
 */
export function createCachedGroupSource(options: CachedGroupSourceOptions): GroupSource {
  const { cache, source } = options;
  if (
    typeof cache !== 'object' ||
    cache === null ||
    typeof source !== 'object' ||
    source === null
  ) {
    throw new InvalidOptionsError('[pc:store-groups] set "cache" and "source"');
  }
  const groups = bindStore(cache, groupsStore(source, options.store));
  const events = createRepositoryEvents(
    options.registry ?? createInvalidatorRegistry(cache, [groupsInvalidator]),
  );
  return createProxy(source, {
    getUserGroups: (userId) => groups.get(userId),
    async getUsersGroups(userIds) {
      const values = await groups.getMany(userIds);
      const found = new Map<string, UserGroups>();
      values.forEach((value, index) => {
        if (value !== undefined) found.set(userIds[index]!, value);
      });
      return found;
    },
    addMember: (groupId, userId) =>
      events.onUpdate({ entity: 'group-membership', ids: [userId] }, () =>
        source.addMember(groupId, userId),
      ),
    removeMember: (groupId, userId) =>
      events.onUpdate({ entity: 'group-membership', ids: [userId] }, () =>
        source.removeMember(groupId, userId),
      ),
    deleteGroup: (groupId) =>
      events.onDelete({ entity: 'group', ids: [groupId] }, () => source.deleteGroup(groupId)),
  });
}

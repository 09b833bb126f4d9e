import { bindStore, createProxy, wireCachedSource } from '@pc/core';
import type { CachedGroupSourceOptions } from './cached-group-source-options.js';
import type { GroupSource } from './group-source.js';
import { groupsInvalidator } from './groups-invalidator.js';
import { groupsStore } from './groups-store.js';

/**
 * A `GroupSource` whose reads go through the groups store and whose writes run
 * on the real source and then emit their events (deferred inside
 * `cache.transaction`, nothing emitted when the write fails). Backend code
 * only: it answers whoever calls it.
 * @throws InvalidOptionsError when `cache` or `source` is missing.
 */
export function createCachedGroupSource(options: CachedGroupSourceOptions): GroupSource {
  const { cache, source } = options;
  const { events, getManyAsMap } = wireCachedSource(options, {
    name: 'store-groups',
    invalidators: [groupsInvalidator],
  });
  const groups = bindStore(cache, groupsStore(source, options.store));
  return createProxy(source, {
    getUserGroups: (userId) => groups.get(userId),
    getUsersGroups: (userIds) => getManyAsMap(groups, userIds),
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

import { defineStore, InvalidOptionsError, type StoreDefinition } from '@pc/core';
import type { GroupEvent } from './group-events.js';
import type { GroupSource } from './group-source.js';
import { GROUPS_STORE_DEFAULTS, type GroupsStoreOptions } from './groups-store-options.js';
import { GROUPS_STORE_RULES, groupTag } from './groups-store-rules.js';
import type { UserGroups } from './user-groups.js';

const KNOWN_OPTIONS = new Set(Object.keys(GROUPS_STORE_DEFAULTS));

/**
 * The groups-per-user store over `source`: bind it with
 * `bindStore(cache, groupsStore(source))`. Each entry is tagged
 * `group-<groupId>` for every group of the user.
 * @throws InvalidOptionsError naming an unknown or invalid option.
 */
export function groupsStore(
  source: GroupSource,
  options: GroupsStoreOptions = {},
): StoreDefinition<string, UserGroups, GroupEvent> {
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionsError(
        `[pc:store-groups] unknown option "${name}"; known: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const ttlMilliseconds = options.ttlMilliseconds ?? GROUPS_STORE_DEFAULTS.ttlMilliseconds;
  const burst = options.burst ?? GROUPS_STORE_DEFAULTS.burst;
  return defineStore<string, UserGroups, GroupEvent>({
    ...GROUPS_STORE_RULES,
    ...(ttlMilliseconds === undefined ? {} : { ttlMilliseconds }),
    ...(burst === undefined ? {} : { burst }),
    tags: (_, groups) => groups.groupIds.map(groupTag),
    load: (userId) => source.getUserGroups(userId),
    loadMany: (userIds) => source.getUsersGroups(userIds),
  });
}

export { createCachedGroupSource } from './cached-group-source.js';
export type { CachedGroupSourceOptions } from './cached-group-source-options.js';
export type {
  GroupChangedEvent,
  GroupEvent,
  GroupMembershipChangedEvent,
} from './group-events.js';
export type { GroupSource } from './group-source.js';
export { groupsInvalidator } from './groups-invalidator.js';
export { groupsStore } from './groups-store.js';
export type { GroupsStoreOptions } from './groups-store-options.js';
export { GROUPS_STORE_DEFAULTS } from './groups-store-options.js';
export { GROUPS_STORE_RULES, groupTag } from './groups-store-rules.js';
export type { UserGroups } from './user-groups.js';

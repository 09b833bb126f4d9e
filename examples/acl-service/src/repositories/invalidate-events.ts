import type { RepositoryEvents } from '@pc/core';
import type { AclChangedEvent } from '@pc/store-acls';
import type { GroupEvent } from '@pc/store-groups';

/**
 * Every event the service's repositories emit, from the stores' packages:
 * `acl` (ids: accounts), `group-membership` (ids: users), `group` (ids: groups).
 * The registry must handle each one (checked at compile time in
 * `permissions-caching.ts`).
 */
export type AnyInvalidateEvent = AclChangedEvent | GroupEvent;

/** What repositories emit through (pc's repository helper, `createRepositoryEvents`). */
export type ServiceRepositoryEvents = RepositoryEvents<AnyInvalidateEvent>;

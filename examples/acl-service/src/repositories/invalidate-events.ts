import type { InvalidateEvent, RepositoryEvents } from '@pc/core';
import type { Permission } from '../database/schema.js';

/** Users joined or left a group. `ids` are user ids. */
export type GroupMembershipEvent = InvalidateEvent<
  'group-membership',
  number,
  { readonly groupId: number }
>;

/** An account's ACL changed (a grant, a revoke, a deleted group). `ids` are account ids. */
export type AclEvent = InvalidateEvent<
  'acl',
  number,
  { readonly groupId: number; readonly permission?: Permission }
>;

/** A group was created, renamed or deleted. `ids` are group ids. */
export type GroupEvent = InvalidateEvent<'group', number>;

/** Every event the service's repositories emit: the registry must handle each one. */
export type AnyInvalidateEvent = GroupMembershipEvent | AclEvent | GroupEvent;

/** What repositories emit through (pc's repository helper, `createRepositoryEvents`). */
export type ServiceRepositoryEvents = RepositoryEvents<AnyInvalidateEvent>;

import type { InvalidateEvent } from '@pc/core';
import type { Permission } from '../database/schema.js';

/** A user joined or left a group. `ids` are user ids. */
export type MembershipEvent = InvalidateEvent<'membership', number, { readonly groupId: number }>;

/** A permission was granted or revoked on an account. `ids` are account ids. */
export type AclEvent = InvalidateEvent<
  'acl',
  number,
  { readonly groupId: number; readonly permission: Permission }
>;

/** A group was created, renamed or deleted. `ids` are group ids. */
export type GroupEvent = InvalidateEvent<'group', number>;

/** Every event the service's repositories emit. */
export type AnyInvalidateEvent = MembershipEvent | AclEvent | GroupEvent;

/**
 * Where repositories send events, after the write committed. With the cache on it
 * is the invalidation registry; with the cache off it does nothing.
 */
export type InvalidateEventSink = (event: AnyInvalidateEvent) => Promise<void>;

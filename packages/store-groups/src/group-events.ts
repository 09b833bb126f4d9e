import type { InvalidateEvent } from '@pc/core';

/**
 * The memberships of one or more users changed (`ids` are user ids): emitted
 * after a user joined or left a group.
 */
export type GroupMembershipChangedEvent = InvalidateEvent<'group-membership', string>;

/**
 * One or more groups changed as a whole (`ids` are group ids), e.g. deleted:
 * every user in them is affected, whoever they are.
 */
export type GroupChangedEvent = InvalidateEvent<'group', string>;

/** Every event the groups store reacts to; add both to the app's `AnyInvalidateEvent`. */
export type GroupEvent = GroupMembershipChangedEvent | GroupChangedEvent;

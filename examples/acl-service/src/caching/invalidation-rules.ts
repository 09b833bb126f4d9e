import type { InvalidationTargets } from '@pc/core';
import type { AnyInvalidateEvent } from '../repositories/invalidate-events.js';
import { aclKey, groupsKey, groupTag } from './store-keys.js';

/**
 * What each repository event drops. Membership and ACL changes touch one key
 * each, so they delete by key (cheaper than a tag, seed 001's advice). A group
 * rename or delete shows on every cached list that names the group, an unknown
 * number of keys: that is what a tag is for.
 */
export function invalidationTargets(event: AnyInvalidateEvent): InvalidationTargets {
  switch (event.entity) {
    case 'membership':
      return { keys: event.ids.map(groupsKey) };
    case 'acl':
      return { keys: event.ids.map(aclKey) };
    case 'group':
      return event.action === 'create' ? {} : { tags: event.ids.map(groupTag) };
  }
}

import type { InvalidateEvent } from '@pc/core';

/**
 * The ACL of one or more accounts changed (`ids` are account ids): emitted by
 * the ACL repository after a grant, revoke or account deletion. Add it to the
 * app's `AnyInvalidateEvent` union.
 */
export type AclChangedEvent = InvalidateEvent<'acl', string>;

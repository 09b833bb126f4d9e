import { createStoreInvalidator, type Invalidator } from '@pc/core';
import type { AclChangedEvent } from './acl-changed-event.js';
import { ACLS_STORE_RULES } from './acls-store-rules.js';

/**
 * Drops cached ACLs on `acl` events. Register it in the app's registry:
 * `createInvalidatorRegistry(cache, [aclsInvalidator, ...])`.
 */
export const aclsInvalidator: Invalidator<AclChangedEvent> =
  createStoreInvalidator(ACLS_STORE_RULES);

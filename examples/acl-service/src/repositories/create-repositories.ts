import type { AclDatabase } from '../database/acl-database.js';
import { AclRepository } from './acl-repository.js';
import { GroupRepository } from './group-repository.js';
import type { ServiceRepositoryEvents } from './invalidate-events.js';
import { MembershipRepository } from './membership-repository.js';

/** The service's repositories: every write of the service goes through one. */
export interface ServiceRepositories {
  readonly memberships: MembershipRepository;
  readonly acls: AclRepository;
  readonly groups: GroupRepository;
}

/** Creates the repositories over `db`, emitting through `events`. */
export function createRepositories(
  db: AclDatabase,
  events: ServiceRepositoryEvents,
): ServiceRepositories {
  return {
    memberships: new MembershipRepository(db, events),
    acls: new AclRepository(db, events),
    groups: new GroupRepository(db, events),
  };
}

/** The groups one user belongs to. */
export interface UserGroups {
  /** The user. */
  readonly userId: string;
  /** Ids of the groups the user is a member of; empty when none. */
  readonly groupIds: readonly string[];
}

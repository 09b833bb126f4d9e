/** Cache key of one user's groups. */
export function groupsKey(userId: number): string {
  return `groups:${userId}`;
}

/** Cache key of one account's ACL. */
export function aclKey(accountId: number): string {
  return `acl:${accountId}`;
}

/** Tag of every cached entry that shows group `groupId` (group lists, ACLs). */
export function groupTag(groupId: number): string {
  return `group-${groupId}`;
}

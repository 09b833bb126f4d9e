/** The access control list of one account: which groups may do what on it. */
export interface AccountAcl {
  /** The account this ACL belongs to. */
  readonly accountId: string;
  /** Permissions by group id, e.g. `{ admins: ['billing', 'read'] }`; a group absent here has none. */
  readonly grants: Readonly<Record<string, readonly string[]>>;
}

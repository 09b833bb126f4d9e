/** What happened to an entity in the source of truth. */
export type InvalidateAction = 'create' | 'update' | 'delete';

/**
 * An invalidate event, emitted by a repository after a successful write (or at
 * the outermost commit inside a transaction). Events name entities, never cache
 * keys: invalidators decide which keys and tags an event touches.
 *
 * Application code declares its own events as literal types and collects them
 * in one union (`AnyInvalidateEvent`), e.g.
 * `type AclChanged = InvalidateEvent<'acl', string, { accountId: string }>`.
 */
export interface InvalidateEvent<
  Entity extends string = string,
  Id extends string | number = string | number,
  Data = unknown,
> {
  /** The kind of entity that changed, e.g. `"acl"`, `"content"`. */
  readonly entity: Entity;
  /** What happened to it. */
  readonly action: InvalidateAction;
  /** Ids of the entities that changed; never empty. */
  readonly ids: readonly Id[];
  /**
   * Extra facts invalidators need that the ids alone do not carry (the old and
   * new parent of a moved location, the account an ACL belongs to). Optional.
   */
  readonly data?: Data;
}

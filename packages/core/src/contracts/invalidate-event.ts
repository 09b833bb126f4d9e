/** What happened to an entity in the source of truth. */
export type InvalidateAction = 'create' | 'update' | 'delete';

/**
 * An invalidate event, emitted by a repository after a successful write (or at
 * the outermost commit inside a transaction). Events name entities, never cache
 * keys: invalidators decide which keys and tags an event touches.
 *
 * Application code declares its own events as literal types and collects them
 * in one union, so the registry can tell which ones no invalidator handles:
 * ```ts
 * type AclChanged = InvalidateEvent<'acl', string>;
 * type LocationMoved = InvalidateEvent<'location-subtree', number, { oldParentId: number; newParentId: number }>;
 * type AnyInvalidateEvent = AclChanged | LocationMoved;
 * ```
 * An event type that only covers some actions narrows `action` with an
 * intersection: `InvalidateEvent<'group', string> & { readonly action: 'delete' }`.
 */
export interface InvalidateEvent<
  Entity extends string = string,
  Id extends string | number = string | number,
  Data = unknown,
> {
  /** The kind of entity that changed, e.g. `"acl"`, `"content"`; the registry dispatches on it. */
  readonly entity: Entity;
  /** What happened to it. Invalidators may narrow on it (`Invalidator.actions`). */
  readonly action: InvalidateAction;
  /**
   * Ids of the entities that changed. An empty list is allowed and touches
   * nothing (a bulk write that matched no rows).
   */
  readonly ids: readonly Id[];
  /**
   * Extra facts invalidators need that the ids alone do not carry (the old and
   * new parent of a moved location, the groups a deleted user was in).
   * Absent when the ids say everything.
   */
  readonly data?: Data;
}

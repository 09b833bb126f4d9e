/**
 * What an invalidator wants removed for one event. The registry merges the
 * targets of every matching invalidator and executes them as one batch.
 */
export interface InvalidationTargets {
  /** Cache keys (as the store built them) to delete. Duplicates are harmless. */
  readonly keys?: readonly string[];
  /** Tags to invalidate. Prefer keys when a tag would name a single key. */
  readonly tags?: readonly string[];
}

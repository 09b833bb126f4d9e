/**
 * What an invalidator wants removed for one event. The registry merges the
 * targets of every matching invalidator (duplicates removed) and executes them
 * as one `Cache.invalidate` call.
 */
export interface InvalidationTargets {
  /**
   * Cache keys to delete, exactly as the store built them (`BoundStore.keyOf`,
   * `storeKey`). Absent or empty: no key. Duplicates are harmless.
   */
  readonly keys?: readonly string[];
  /**
   * Tags whose entries to invalidate, e.g. `location-path-7`. Absent or empty: no
   * tag. Prefer keys when a tag would name a single key (a tag costs a version
   * record and a validation on every read).
   */
  readonly tags?: readonly string[];
}

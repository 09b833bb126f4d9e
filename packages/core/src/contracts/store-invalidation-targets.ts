/**
 * What a store drops for one event, in the store's own terms. The store's
 * invalidator (`createStoreInvalidator`) turns ids into cache keys, so rules
 * never spell keys by hand.
 */
export interface StoreInvalidationTargets<Id> {
  /**
   * Ids whose entries to delete (`keyOf(id)` of each). Index entries need no
   * listing: they point at the id and are checked on every read.
   * Absent or empty: none.
   */
  readonly ids?: readonly Id[];
  /** Tags to invalidate, e.g. `group-7` for every user in group 7. Absent or empty: none. */
  readonly tags?: readonly string[];
}

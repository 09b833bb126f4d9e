/**
 * A secondary lookup of a store: the same values, found by another identifier
 * (content by remote id next to content by id).
 *
 * The index entry holds only the primary id (a pointer), never a second copy
 * of the value: a lookup by id fills it, invalidating the id drops what it leads
 * to, and a pointer that went stale (the identifier moved to another entity) is
 * caught because every lookup checks `identifierOf` of the value it reaches.
 * The cost is a second cache read for lookups through the index.
 */
export interface StoreIndex<Value> {
  /**
   * The identifier of `value` in this index (e.g. its remote id); `undefined`
   * when the value has none, then no index entry is written for it.
   */
  identifierOf(value: Value): string | undefined;
  /**
   * Loads one value by this identifier from the source of truth.
   * @returns the value, or `undefined` when nothing has this identifier.
   */
  load(identifier: string): Promise<Value | undefined>;
}

/** One place of a content item in the location tree. */
export interface ContentLocation {
  /** The location id. */
  readonly id: number;
  /** Location ids from the tree root down to this location, itself included. */
  readonly path: readonly number[];
  /** Whether this location itself is hidden. */
  readonly hidden: boolean;
}

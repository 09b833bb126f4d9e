/** One node of the content tree. */
export interface Location {
  /** The location id. */
  readonly id: number;
  /** The parent location; `undefined` for the root. */
  readonly parentId: number | undefined;
  /** Location ids from the root down to this location, itself included. */
  readonly path: readonly number[];
  /** The content item shown at this location. */
  readonly contentId: number;
  /** Whether this location itself is hidden (its own flag; ancestors are not consulted). */
  readonly hidden: boolean;
}

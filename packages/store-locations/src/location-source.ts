import type { Location } from './location.js';

/**
 * What the location backend (a repository, a database) offers. The stores load
 * through it; `createCachedLocationSource` wraps it so reads are cached and
 * writes invalidate.
 */
export interface LocationSource {
  /**
   * One location.
   * @returns the location, or `undefined` when it does not exist.
   */
  getLocation(id: number): Promise<Location | undefined>;
  /**
   * Many locations in one backend call.
   * @returns a map by id; locations that do not exist are left out.
   */
  getLocations(ids: readonly number[]): Promise<ReadonlyMap<number, Location>>;
  /**
   * The children of a location, in the backend's order.
   * @returns the children; empty when there are none or the parent does not exist.
   */
  getChildren(parentId: number): Promise<readonly Location[]>;
  /** Creates a location for `contentId` below `parentId`. @returns the new location. */
  createLocation(parentId: number, contentId: number): Promise<Location>;
  /**
   * Hides (`true`) or reveals (`false`) one location.
   * @returns the location after the change.
   */
  setLocationHidden(id: number, hidden: boolean): Promise<Location>;
  /**
   * Moves the subtree rooted at `id` below `newParentId`.
   * @returns the parent it had before the move.
   */
  moveSubtree(id: number, newParentId: number): Promise<{ readonly oldParentId: number }>;
  /**
   * Deletes the subtree rooted at `id`.
   * @returns the parent it had.
   */
  deleteSubtree(id: number): Promise<{ readonly parentId: number }>;
}

import type { Content } from './content.js';

/**
 * What the content backend (a repository, a database) offers. The store loads
 * through it; `createCachedContentSource` wraps it so reads are cached and
 * writes invalidate.
 */
export interface ContentSource {
  /**
   * One content item.
   * @returns the item, or `undefined` when it does not exist.
   */
  getContent(id: number): Promise<Content | undefined>;
  /**
   * Many content items in one backend call.
   * @returns a map by id; items that do not exist are left out.
   */
  getContents(ids: readonly number[]): Promise<ReadonlyMap<number, Content>>;
  /**
   * One content item by its remote id.
   * @returns the item, or `undefined` when no item has this remote id.
   */
  getContentByRemoteId(remoteId: string): Promise<Content | undefined>;
  /** Changes field values of one item (the other fields stay). */
  updateContent(id: number, fields: Readonly<Record<string, unknown>>): Promise<void>;
  /** Deletes one item. */
  deleteContent(id: number): Promise<void>;
  /** Removes a field from a content type, and with it from every item of that type. */
  removeFieldFromType(contentTypeId: number, field: string): Promise<void>;
}

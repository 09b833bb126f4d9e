import type { ContentLocation } from './content-location.js';

/** A content item as the content backend returns it. */
export interface Content {
  /** The content id. */
  readonly id: number;
  /** A second, stable identifier (imports, integrations): the store's secondary index. */
  readonly remoteId: string;
  /** The content type; its field definitions shape `fields`. */
  readonly contentTypeId: number;
  /** Display name. */
  readonly name: string;
  /** Field values by field identifier. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Every location of the item in the tree (none for an unpublished item). */
  readonly locations: readonly ContentLocation[];
}

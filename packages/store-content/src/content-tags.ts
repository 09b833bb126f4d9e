/**
 * The semi-official tags of Ibexa's persistence cache, shared by the content and
 * location stores by convention (stores never import each other):
 * - `content-<id>`: entries about one content item.
 * - `content-fields-type-<typeId>`: entries holding field data of items of a type.
 * - `location-<id>`: entries about one location and its content.
 * - `location-path-<id>`: every entry at or below a location (tree operations).
 */
export const CONTENT_TAGS = {
  content: (id: number): string => `content-${id}`,
  contentFieldsType: (contentTypeId: number): string => `content-fields-type-${contentTypeId}`,
  location: (id: number): string => `location-${id}`,
  locationPath: (id: number): string => `location-path-${id}`,
} as const;

/**
 * Tree tags (Ibexa's conventions, shared with `@pc/store-content` by name, never
 * by import): `location-<id>` is on entries about one location and the content
 * assigned to it, `location-path-<id>` on every entry at or below location `id`.
 */
export const LOCATION_TAGS = {
  location: (id: number): string => `location-${id}`,
  locationPath: (id: number): string => `location-path-${id}`,
} as const;

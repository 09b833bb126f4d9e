/**
 * Tree tags (Ibexa's conventions, shared with `@pc/store-content` by name, never
 * by import): `location-<id>` names one location, `location-path-<id>` is on
 * every entry at or below location `id`.
 */
export const LOCATION_TAGS = {
  location: (id: number): string => `location-${id}`,
  locationPath: (id: number): string => `location-path-${id}`,
} as const;

import { LOCATION_TAGS } from './location-tags.js';

/**
 * What a subtree operation invalidates by tag: `location-path-<root>` (every
 * entry at or below the root) and `location-<root>` (entries about the root
 * that carry no path tag).
 */
export const subtreeTags = (roots: readonly number[]): string[] =>
  roots.flatMap((root) => [LOCATION_TAGS.location(root), LOCATION_TAGS.locationPath(root)]);

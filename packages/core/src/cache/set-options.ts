import type { Duration } from '../contracts/duration.js';
import type { TagVersions } from '../tags/tag-versions.js';

/** Options of `Cache.set`. */
export interface SetOptions {
  /**
   * Time to live in milliseconds, or a duration string (`'10m'`). Zero or negative removes the previous value and
   * stores nothing (`set` resolves `false`). `Number.POSITIVE_INFINITY`: never
   * expires, even when the cache has a default TTL.
   * @default the cache's `defaultTtlMilliseconds` (none: never expires)
   */
  readonly ttlMilliseconds?: Duration | undefined;
  /**
   * Tags naming the entities this value was built from (`content-42`). Tags are
   * shared by every namespace over the same adapter: `invalidateTags` on any of
   * them makes this entry a miss. Re-saving the key replaces its tags.
   * @default []
   */
  readonly tags?: readonly string[] | undefined;
  /**
   * Versions read with `readTagVersions` before the value was produced. The entry
   * is stored against them, so an invalidation that happened since makes it a miss.
   * Must cover every tag in `tags`.
   * @default undefined (the versions current at write time)
   */
  readonly tagVersions?: TagVersions | undefined;
}

/** One item of `Cache.setMany`. */
export interface SetManyItem<T = unknown> extends SetOptions {
  /** The key (any non-empty string). */
  readonly key: string;
  /** The value; `undefined` is refused (it is what a miss reads as). */
  readonly value: T;
}

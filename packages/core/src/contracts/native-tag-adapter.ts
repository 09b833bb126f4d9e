import type { AdapterEntry } from './adapter-entry.js';
import type { CacheAdapter } from './cache-adapter.js';

/**
 * Optional extension for backends that keep a tag index themselves
 * (`capabilities.nativeTags === true`). The Cache then skips its tag-version
 * strategy for this adapter. Implementations must fail closed: when the tag
 * index is lost, tagged entries must read as misses, never as hits.
 */
export interface NativeTagAdapter extends CacheAdapter {
  /**
   * Writes entries and associates each with its tags, replacing earlier
   * associations of the same key.
   * @returns one boolean per input item, as for `CacheAdapter.set`.
   */
  setTagged(
    entries: ReadonlyArray<readonly [key: string, entry: AdapterEntry, tags: readonly string[]]>,
  ): Promise<boolean[]>;
  /**
   * `compareAndSet` (see `CacheAdapter.compareAndSet`) that also associates each
   * stored entry with its tags, replacing earlier associations of the key. Used for
   * fills when `capabilities.compareAndSet` is `true`; the condition and the write
   * are atomic as there.
   * @returns one boolean per item: `true` when the entry was stored.
   */
  compareAndSetTagged?(
    items: ReadonlyArray<
      readonly [
        key: string,
        expected: string | undefined,
        entry: AdapterEntry,
        tags: readonly string[],
      ]
    >,
  ): Promise<boolean[]>;
  /**
   * Makes every entry associated with any of `tags` unreadable. Resolves only
   * once the invalidation is durable on the backend.
   */
  invalidateTags(tags: readonly string[]): Promise<void>;
}

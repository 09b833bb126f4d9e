import { describe, expect, it } from 'vitest';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { createCache } from '../../index.js';
import type { ConformanceHarness } from './conformance-harness.js';
import { recordingAdapter } from './recording-adapter.js';

/** Tags through a Cache over the adapter (tag versions, or the adapter's native index). */
export function registerTagsGroup(harness: ConformanceHarness): void {
  const { capabilities, options } = harness;
  const cacheOver = (adapter: CacheAdapter) => createCache({ adapter });
  describe('tags', () => {
    it('invalidating a tag makes its entries misses and leaves others alone', async () => {
      const cache = cacheOver(await harness.adapter());
      await cache.set('tagged', 1, { tags: ['t'] });
      await cache.set('other-tag', 2, { tags: ['u'] });
      await cache.set('untagged', 3);
      expect(await cache.getMany(['tagged', 'other-tag', 'untagged'])).toEqual([1, 2, 3]);
      await cache.invalidateTags(['t']);
      expect(await cache.get('tagged')).toBeUndefined();
      expect(await cache.has('tagged')).toBe(false);
      expect(await cache.getMany(['tagged', 'other-tag', 'untagged'])).toEqual([undefined, 2, 3]);
    });

    it('an entry with many tags is invalidated by any one of them', async () => {
      const cache = cacheOver(await harness.adapter());
      const tags = ['a', 'b', 'c', 'tag with spaces', 'ünï', 'x:y'];
      for (const tag of tags) {
        await cache.set('many', 'v', { tags });
        await cache.set('sibling', 's', { tags: tags.filter((other) => other !== tag) });
        expect(await cache.get('many')).toBe('v');
        await cache.invalidateTags([tag]);
        expect(await cache.get('many'), `after invalidating "${tag}"`).toBeUndefined();
        expect(await cache.get('sibling'), `sibling after invalidating "${tag}"`).toBe('s');
      }
    });

    it('invalidateTags with several tags invalidates entries of each', async () => {
      const cache = cacheOver(await harness.adapter());
      await cache.setMany([
        { key: 'a', value: 'A', tags: ['ta'] },
        { key: 'b', value: 'B', tags: ['tb'] },
        { key: 'c', value: 'C', tags: ['tc'] },
      ]);
      await cache.invalidateTags(['ta', 'tc', 'never-used']);
      expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, 'B', undefined]);
    });

    it('an entry written after an invalidation is a hit', async () => {
      const cache = cacheOver(await harness.adapter());
      await cache.set('k', 'old', { tags: ['t'] });
      await cache.invalidateTags(['t']);
      await cache.set('k', 'new', { tags: ['t'] });
      expect(await cache.get('k')).toBe('new');
    });

    it('re-saving a key with new tags drops the old ones', async () => {
      const cache = cacheOver(await harness.adapter());
      await cache.set('k', 'first', { tags: ['old'] });
      await cache.set('k', 'second', { tags: ['new'] });
      await cache.invalidateTags(['old']);
      expect(await cache.get('k')).toBe('second');
      await cache.invalidateTags(['new']);
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', 'third');
      await cache.invalidateTags(['new', 'old']);
      expect(await cache.get('k'), 'saved without tags').toBe('third');
    });

    it('delete drops the association of a key with its tags', async () => {
      const cache = cacheOver(await harness.adapter());
      await cache.set('k', 'tagged', { tags: ['t'] });
      expect(await cache.delete('k')).toBe(true);
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', 'untagged');
      await cache.invalidateTags(['t']);
      expect(await cache.get('k')).toBe('untagged');
    });

    it('tag metadata deleted behind the adapter’s back makes tagged entries misses', async () => {
      const recorder = recordingAdapter(await harness.adapter());
      const cache = cacheOver(recorder.adapter);
      if (capabilities.nativeTags) {
        await cache.set('tagged', 'v', { tags: ['lost'] });
        await cache.set('untagged', 'u');
        await options.dropTagMetadata!(recorder.adapter, ['lost']);
      } else {
        // What invalidateTags touches before any entry exists is tag metadata only.
        recorder.reset();
        await cache.invalidateTags(['lost']);
        const metadataKeys = [...new Set(recorder.log.touched)];
        expect(
          metadataKeys.length,
          'invalidateTags wrote tag metadata through the adapter',
        ).toBeGreaterThan(0);
        await cache.set('tagged', 'v', { tags: ['lost'] });
        await cache.set('untagged', 'u');
        expect(await cache.get('tagged')).toBe('v');
        await recorder.adapter.deleteMany(metadataKeys);
      }
      expect(await cache.get('tagged')).toBeUndefined();
      expect(await cache.getMany(['tagged', 'untagged'])).toEqual([undefined, 'u']);
    });

    const second = capabilities.sharedAcrossInstances
      ? 'a second adapter instance'
      : 'a second Cache on the same adapter';
    it(`an invalidation through ${second} is seen by the first`, async () => {
      const context = harness.context();
      const firstAdapter = await harness.adapter(context);
      const secondAdapter = capabilities.sharedAcrossInstances
        ? await harness.adapter(context)
        : firstAdapter;
      const first = cacheOver(firstAdapter);
      const other = cacheOver(secondAdapter);
      await first.set('k', 'v', { tags: ['shared'] });
      await first.set('kept', 'w', { tags: ['other'] });
      expect(await other.get('k')).toBe('v');
      await other.invalidateTags(['shared']);
      expect(await first.get('k')).toBeUndefined();
      expect(await first.get('kept')).toBe('w');
      await other.set('k', 'again', { tags: ['shared'] });
      expect(await first.get('k')).toBe('again');
    });
  });
}

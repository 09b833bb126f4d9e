import { describe, expect, it } from 'vitest';
import {
  type AdapterEntry,
  createCache,
  InvalidationError,
  InvalidKeyError,
  InvalidOptionsError,
} from '../src/index.js';
import { MapAdapter, NativeTagMapAdapter } from './support/map-adapter.js';

function setup() {
  const adapter = new MapAdapter();
  return { adapter, cache: createCache({ adapter }) };
}

/** Adapter keys of tag version records (not entries). */
function tagRecordKeys(adapter: MapAdapter): string[] {
  return [...adapter.store.keys()].filter((key) => !key.startsWith('e'));
}

describe('tags (tag versions)', () => {
  it('invalidating a tag makes its entries miss and leaves the others', async () => {
    const { cache } = setup();
    await cache.set('post:1', 'one', { tags: ['author-1', 'post-1'] });
    await cache.set('post:2', 'two', { tags: ['author-1'] });
    await cache.set('post:3', 'three', { tags: ['author-2'] });
    await cache.set('untagged', 'four');
    await cache.invalidateTags(['post-1']);
    expect(await cache.getMany(['post:1', 'post:2', 'post:3', 'untagged'])).toEqual([
      undefined,
      'two',
      'three',
      'four',
    ]);
    await cache.invalidateTags(['author-1', 'never-used']);
    expect(await cache.getMany(['post:2', 'post:3'])).toEqual([undefined, 'three']);
  });

  it('accepts any non-empty string as a tag', async () => {
    const { cache } = setup();
    const tags = ['a\nb', 'x'.repeat(5000), '😀', '"quoted"', ' '];
    await cache.set('k', 1, { tags });
    expect(await cache.get('k')).toBe(1);
    await cache.invalidateTags(['a\nb']);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('an entry written after an invalidation is readable again', async () => {
    const { cache } = setup();
    await cache.set('k', 1, { tags: ['t'] });
    await cache.invalidateTags(['t']);
    await cache.set('k', 2, { tags: ['t'] });
    expect(await cache.get('k')).toBe(2);
  });

  it('re-saving a key with new tags drops the old association', async () => {
    const { cache } = setup();
    await cache.set('k', 1, { tags: ['old'] });
    await cache.set('k', 2, { tags: ['new'] });
    await cache.invalidateTags(['old']);
    expect(await cache.get('k')).toBe(2);
    await cache.invalidateTags(['new']);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 3, { tags: ['old'] });
    await cache.set('k', 4);
    await cache.invalidateTags(['old']);
    expect(await cache.get('k')).toBe(4);
  });

  it('fails closed: tag metadata deleted behind the cache makes the entry miss', async () => {
    const { adapter, cache } = setup();
    await cache.set('k', 'v', { tags: ['t'] });
    await cache.set('other', 'w', { tags: ['u'] });
    const [tKey] = tagRecordKeys(adapter);
    adapter.store.delete(tKey!);
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getMany(['k', 'other'])).toEqual([undefined, 'w']);
    expect(await cache.has('k')).toBe(false);
  });

  it('fails closed: tag metadata overwritten behind the cache makes the entry miss', async () => {
    const { adapter, cache } = setup();
    await cache.set('k', 'v', { tags: ['t'] });
    adapter.store.set(tagRecordKeys(adapter)[0]!, { payload: 'forged' });
    expect(await cache.get('k')).toBeUndefined();
  });

  it('an invalidation through one Cache is seen by a second Cache over the same backend', async () => {
    const backend = new Map<string, AdapterEntry>();
    const first = createCache({ adapter: new MapAdapter(backend) });
    const second = createCache({ adapter: new MapAdapter(backend) });
    await first.set('k', 'v', { tags: ['t'] });
    expect(await second.get('k')).toBe('v');
    await second.invalidateTags(['t']);
    expect(await first.get('k')).toBeUndefined();
    expect(await first.getMany(['k'])).toEqual([undefined]);
  });

  it('tags are shared by every namespace over the adapter', async () => {
    const { cache } = setup();
    const acls = cache.namespace('acls');
    const groups = cache.namespace('groups');
    await acls.set('u1', ['read'], { tags: ['account-1'] });
    await groups.set('u1', ['admins'], { tags: ['account-1'] });
    await groups.invalidateTags(['account-1']);
    expect(await acls.get('u1')).toBeUndefined();
    expect(await groups.get('u1')).toBeUndefined();
  });

  it('getMany reads all entries with one getMany and all their tag versions with one more', async () => {
    const { adapter, cache } = setup();
    await cache.setMany([
      { key: 'a', value: 1, tags: ['x', 'y'] },
      { key: 'b', value: 2, tags: ['y', 'z'] },
      { key: 'c', value: 3 },
    ]);
    adapter.resetCalls();
    expect(await cache.getMany(['a', 'b', 'c', 'missing', 'a'])).toEqual([1, 2, 3, undefined, 1]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany', 'getMany']);
    expect(adapter.calls[1]!.keys).toHaveLength(3);
  });

  it('a single get of a tagged entry costs one get and one getMany', async () => {
    const { adapter, cache } = setup();
    await cache.set('a', 1, { tags: ['x', 'y'] });
    adapter.resetCalls();
    expect(await cache.get('a')).toBe(1);
    expect(adapter.calls.map((call) => call.method)).toEqual(['get', 'getMany']);
  });

  it('setMany with tags: one versions read, one versions write for new tags, one entries write', async () => {
    const { adapter, cache } = setup();
    await cache.set('seed', 0, { tags: ['known'] });
    adapter.resetCalls();
    await cache.setMany([
      { key: 'a', value: 1, tags: ['known', 'new-1'] },
      { key: 'b', value: 2, tags: ['new-1', 'new-2'] },
    ]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany', 'setMany', 'setMany']);
    expect(adapter.calls[1]!.keys).toHaveLength(2);
    adapter.resetCalls();
    await cache.setMany([{ key: 'c', value: 3, tags: ['new-2'] }]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany', 'setMany']);
  });

  it('invalidating no tags does no I/O; an invalid tag throws before any I/O', async () => {
    const { adapter, cache } = setup();
    await cache.invalidateTags([]);
    await expect(cache.invalidateTags([''])).rejects.toThrow(InvalidKeyError);
    await expect(cache.invalidateTags('t' as never)).rejects.toThrow(InvalidKeyError);
    expect(adapter.calls).toEqual([]);
  });

  it('a failed invalidation rejects with InvalidationError', async () => {
    const { adapter, cache } = setup();
    adapter.setMany = () => Promise.reject(new Error('backend down'));
    await expect(cache.invalidateTags(['t'])).rejects.toThrow(InvalidationError);
    adapter.setMany = async (entries) => entries.map(() => false);
    await expect(cache.invalidateTags(['t'])).rejects.toThrow(/did not store new versions/);
  });
});

describe('tag version fence (readTagVersions + set)', () => {
  it('a value stored against versions read before an invalidation reads as a miss', async () => {
    const { cache } = setup();
    const before = await cache.readTagVersions(['content-1']);
    await cache.invalidateTags(['content-1']); // lands while the value is being loaded
    expect(await cache.set('k', 'loaded', { tags: ['content-1'], tagVersions: before })).toBe(true);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('a value stored against current versions reads as a hit', async () => {
    const { cache } = setup();
    await cache.set('seed', 1, { tags: ['a'] });
    const versions = await cache.readTagVersions(['a', 'b']);
    await cache.set('k', 'loaded', { tags: ['a', 'b'], tagVersions: versions });
    await cache.setMany([{ key: 'j', value: 'also', tags: ['b'], tagVersions: versions }]);
    expect(await cache.getMany(['k', 'j'])).toEqual(['loaded', 'also']);
    expect(versions.tags).toEqual(['a', 'b']);
  });

  it('fences namespace clears as well', async () => {
    const { cache } = setup();
    const child = cache.namespace('child');
    const before = await child.readTagVersions([]);
    await child.clear();
    await child.set('k', 'loaded', { tagVersions: before });
    expect(await child.get('k')).toBeUndefined();
  });

  it('refuses versions that do not cover the tags, or come from another cache', async () => {
    const { adapter, cache } = setup();
    const versions = await cache.readTagVersions(['a']);
    const foreign = await createCache({ adapter: new MapAdapter() }).readTagVersions(['a']);
    const childVersions = await cache.namespace('child').readTagVersions(['a']);
    adapter.resetCalls();
    await expect(cache.set('k', 1, { tags: ['a', 'b'], tagVersions: versions })).rejects.toThrow(
      /does not cover tag "b"/,
    );
    await expect(cache.set('k', 1, { tags: ['a'], tagVersions: foreign })).rejects.toThrow(
      InvalidOptionsError,
    );
    await expect(
      cache.namespace('other').set('k', 1, { tags: ['a'], tagVersions: childVersions }),
    ).rejects.toThrow(/does not cover this namespace/);
    expect(adapter.calls).toEqual([]);
  });
});

describe('tags (native tag index)', () => {
  it('uses setTagged and the adapter invalidation instead of tag versions', async () => {
    const adapter = new NativeTagMapAdapter();
    const cache = createCache({ adapter });
    await cache.set('a', 1, { tags: ['x'] });
    await cache.setMany([
      { key: 'b', value: 2, tags: ['y'] },
      { key: 'c', value: 3 },
    ]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['setTagged', 'setTagged']);
    adapter.resetCalls();
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, 2, 3]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany']);
    await cache.invalidateTags(['x']);
    expect(adapter.callsOf('invalidateTags')).toHaveLength(1);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, 2, 3]);
    expect([...adapter.store.keys()].every((key) => key.startsWith('e'))).toBe(true);
  });

  it('clears a namespace through the native index', async () => {
    const adapter = new NativeTagMapAdapter();
    const cache = createCache({ adapter });
    const child = cache.namespace('child');
    await cache.set('k', 'root');
    await child.set('k', 'child');
    await child.clear();
    expect([await cache.get('k'), await child.get('k')]).toEqual(['root', undefined]);
  });

  it('accepts and ignores a version snapshot', async () => {
    const adapter = new NativeTagMapAdapter();
    const cache = createCache({ adapter });
    const versions = await cache.readTagVersions(['x']);
    expect(await cache.set('k', 1, { tags: ['x'], tagVersions: versions })).toBe(true);
    expect(await cache.get('k')).toBe(1);
  });

  it('reads an entry carrying tag versions (written without the native index) as a miss', async () => {
    const backend = new Map<string, AdapterEntry>();
    await createCache({ adapter: new MapAdapter(backend) }).set('k', 1, { tags: ['x'] });
    const native = createCache({ adapter: new NativeTagMapAdapter(backend) });
    expect(await native.get('k')).toBeUndefined();
  });
});

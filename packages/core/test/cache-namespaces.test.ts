import { describe, expect, it } from 'vitest';
import { type AdapterEntry, createCache, InvalidOptionsError } from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

function setup() {
  const adapter = new MapAdapter();
  return { adapter, cache: createCache({ adapter }) };
}

describe('namespaces', () => {
  it('keeps the same key apart in the root, a child, a grandchild and a sibling', async () => {
    const { cache } = setup();
    const a = cache.namespace('a');
    const ab = a.namespace('b');
    const b = cache.namespace('b');
    await cache.set('k', 'root');
    await a.set('k', 'a');
    await ab.set('k', 'a/b');
    await b.set('k', 'b');
    expect([await cache.get('k'), await a.get('k'), await ab.get('k'), await b.get('k')]).toEqual([
      'root',
      'a',
      'a/b',
      'b',
    ]);
    expect(ab.namespacePath).toEqual(['a', 'b']);
    expect(cache.namespacePath).toEqual([]);
  });

  it('keys that look like paths never cross a namespace boundary', async () => {
    const { cache } = setup();
    const a = cache.namespace('a');
    await cache.set('a:k', 'root a:k');
    await cache.set('/a:k', 'root /a:k');
    await a.set('k', 'a k');
    await a.set('../k', 'a ../k');
    await cache.set('k', 'root k');
    expect(await a.getMany(['k', '../k', 'a:k'])).toEqual(['a k', 'a ../k', undefined]);
    expect(await cache.getMany(['a:k', '/a:k', 'k', '../k'])).toEqual([
      'root a:k',
      'root /a:k',
      'root k',
      undefined,
    ]);
  });

  it('clear on a namespace invalidates it and its descendants only', async () => {
    const { cache } = setup();
    const a = cache.namespace('a');
    const ab = a.namespace('b');
    const sibling = cache.namespace('sibling');
    await cache.set('k', 'root');
    await a.set('k', 'a', { tags: ['t'] });
    await ab.set('k', 'a/b');
    await sibling.set('k', 'sibling');
    await a.clear();
    expect([
      await cache.get('k'),
      await a.get('k'),
      await ab.get('k'),
      await sibling.get('k'),
    ]).toEqual(['root', undefined, undefined, 'sibling']);
    await a.set('k', 'a again');
    expect(await a.get('k')).toBe('a again');
  });

  it('clear on a grandchild leaves its parent', async () => {
    const { cache } = setup();
    const a = cache.namespace('a');
    const ab = a.namespace('b');
    await a.set('k', 'a');
    await ab.set('k', 'a/b');
    await ab.clear();
    expect([await a.get('k'), await ab.get('k')]).toEqual(['a', undefined]);
  });

  it('clear on the root removes every namespace', async () => {
    const { cache } = setup();
    const a = cache.namespace('a');
    await a.set('k', 'a');
    await cache.clear();
    expect(await a.get('k')).toBeUndefined();
  });

  it('a namespace clear is seen by a second Cache over the same backend', async () => {
    const backend = new Map<string, AdapterEntry>();
    const first = createCache({ adapter: new MapAdapter(backend) }).namespace('users');
    const second = createCache({ adapter: new MapAdapter(backend) }).namespace('users');
    await first.set('1', { name: 'Ada' });
    expect(await second.get('1')).toEqual({ name: 'Ada' });
    await second.clear();
    expect(await first.get('1')).toBeUndefined();
  });

  it('fails closed when the namespace tag record is lost', async () => {
    const { adapter, cache } = setup();
    const a = cache.namespace('a');
    await a.set('k', 'v');
    for (const key of [...adapter.store.keys()]) if (key.startsWith('n')) adapter.store.delete(key);
    expect(await a.get('k')).toBeUndefined();
  });

  it('delete and deleteMany in a namespace touch only its keys', async () => {
    const { cache } = setup();
    const a = cache.namespace('a');
    await cache.set('k', 'root');
    await a.set('k', 'a');
    expect(await a.delete('k')).toBe(true);
    expect(await a.deleteMany(['k'])).toBe(0);
    expect(await cache.get('k')).toBe('root');
  });

  it.each(['', 'x'.repeat(65), 'a/b', 'a:b', 'ünïcode', 'with space', 5])(
    'refuses the name %j with InvalidOptionsError',
    (name) => {
      const { adapter, cache } = setup();
      expect(() => cache.namespace(name as string)).toThrow(InvalidOptionsError);
      expect(adapter.calls).toEqual([]);
    },
  );

  it('accepts names of letters, digits, "_", "." and "-" up to 64 characters', () => {
    const { cache } = setup();
    for (const name of ['a', 'A-Z_0.9', 'x'.repeat(64), '..', '-']) {
      expect(cache.namespace(name).namespacePath).toEqual([name]);
    }
  });
});

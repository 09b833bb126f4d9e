import { describe, expect, it } from 'vitest';
import { createCache, InvalidKeyError, InvalidOptionsError } from '../src/index.js';
import { KeySpace } from '../src/keys/key-space.js';
import { assertValidKey } from '../src/keys/validate-key.js';
import { MapAdapter } from './support/map-adapter.js';

const TRICKY_KEYS = [
  'a',
  'a:b',
  ':',
  '::',
  '/',
  'a/b',
  '/a:b',
  'e',
  'e:a',
  't:a',
  'n/a',
  '../etc/passwd',
  ' ',
  ' a ',
  '\n',
  '\u0000',
  'ü',
  'u\u0308',
  '😀',
  'x'.repeat(10_000),
  `${'x'.repeat(250)}1`,
  `${'x'.repeat(250)}2`,
];
const PATHS: string[][] = [[], ['a'], ['b'], ['a', 'b'], ['a.b'], ['e'], ['t'], ['n'], ['_-.']];

describe('key encoding', () => {
  const spaces = PATHS.map((path) =>
    path.reduce((space, name) => space.child(name), KeySpace.ROOT),
  );

  it('maps every (namespace path, key) pair to a distinct adapter key', () => {
    const seen = new Map<string, string>();
    for (const space of spaces) {
      for (const key of TRICKY_KEYS) {
        const adapterKey = space.entryKey(key);
        const origin = JSON.stringify([space.namespacePath, key]);
        expect(seen.get(adapterKey) ?? origin).toBe(origin);
        seen.set(adapterKey, origin);
      }
    }
    expect(seen.size).toBe(spaces.length * TRICKY_KEYS.length);
  });

  it('decodes every entry key back to its namespace path and key', () => {
    for (const space of spaces) {
      for (const key of TRICKY_KEYS) {
        expect(KeySpace.decodeEntryKey(space.entryKey(key))).toEqual({
          namespacePath: space.namespacePath,
          key,
        });
      }
    }
  });

  it('keeps entry keys, tag keys and namespace tag keys disjoint', () => {
    const entryKeys = new Set(
      spaces.flatMap((space) => TRICKY_KEYS.map((key) => space.entryKey(key))),
    );
    const tagKeys = TRICKY_KEYS.map((tag) => KeySpace.tagKey(tag));
    const namespaceTagKeys = spaces.flatMap((space) => space.namespaceTagKeys);
    for (const tagKey of [...tagKeys, ...namespaceTagKeys]) {
      expect(entryKeys.has(tagKey), tagKey).toBe(false);
      expect(KeySpace.decodeEntryKey(tagKey), tagKey).toBeUndefined();
    }
    expect(new Set(tagKeys).size).toBe(tagKeys.length);
    for (const namespaceTagKey of namespaceTagKeys) {
      expect(tagKeys).not.toContain(namespaceTagKey);
    }
  });

  it('gives a nested namespace the tag keys of all its ancestors', () => {
    const grandchild = KeySpace.ROOT.child('a').child('b');
    expect(grandchild.namespaceTagKeys).toEqual([
      KeySpace.ROOT.child('a').ownNamespaceTagKey,
      grandchild.ownNamespaceTagKey,
    ]);
    expect(KeySpace.ROOT.ownNamespaceTagKey).toBeUndefined();
    expect(grandchild.ownNamespaceTagKey).not.toBe(KeySpace.ROOT.child('b').ownNamespaceTagKey);
  });

  it('accepts any non-empty well-formed string as a key', () => {
    for (const key of TRICKY_KEYS) expect(() => assertValidKey(key)).not.toThrow();
  });

  it.each([
    ['the empty string', ''],
    ['a number', 1],
    ['null', null],
    ['undefined', undefined],
    ['an object', { toString: () => 'k' }],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', '\uDC00'],
  ])('refuses %s with InvalidKeyError', (_, key) => {
    expect(() => assertValidKey(key)).toThrow(InvalidKeyError);
  });

  it.each(['', 'x'.repeat(65), 'a/b', 'a:b', 'é', 'a b', 7])(
    'refuses the namespace name %j with InvalidOptionsError',
    (name) => {
      expect(() => KeySpace.ROOT.child(name as string)).toThrow(InvalidOptionsError);
    },
  );

  describe('in the Cache: invalid keys throw before any I/O', () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter });
    const operations: Array<[string, () => Promise<unknown>]> = [
      ['get', () => cache.get('')],
      ['has', () => cache.has(1 as unknown as string)],
      ['set', () => cache.set('', 1)],
      ['delete', () => cache.delete(null as unknown as string)],
      ['getMany', () => cache.getMany(['ok', ''])],
      ['deleteMany', () => cache.deleteMany(['ok', 2 as unknown as string])],
      [
        'setMany',
        () =>
          cache.setMany([
            { key: 'ok', value: 1 },
            { key: '', value: 2 },
          ]),
      ],
      ['set with an empty tag', () => cache.set('k', 1, { tags: ['ok', ''] })],
      ['invalidateTags', () => cache.invalidateTags(['ok', ''])],
      ['getMany with a non-array', () => cache.getMany('k' as unknown as string[])],
    ];
    it.each(operations)('%s', async (_, operation) => {
      await expect(operation()).rejects.toBeInstanceOf(InvalidKeyError);
      expect(adapter.calls).toEqual([]);
    });
  });
});

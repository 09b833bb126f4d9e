import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsAdapter } from '../src/index.js';
import { listTree, temporaryRoot } from './temporary-root.js';

const HOSTILE_KEYS = [
  '..',
  '.',
  '../escape',
  '../../escape',
  '../../../../../../../../tmp/pc-fs-escape',
  'a/../../../b',
  '/absolute/path',
  '/etc/passwd',
  'C:\\Windows\\System32\\evil',
  '..\\..\\escape',
  '\\\\server\\share',
  'a\u0000b',
  '\u0000',
  'CON',
  'nul',
  'COM1.txt',
  'LPT9',
  'aux.',
  'trailing. ',
  ' ',
  '\n',
  'x'.repeat(100_000),
  '\uD800',
  '\uDBFF',
  'Déjà vu 🚀',
  'Key',
  'key',
  'KEY',
];

/** A namespace directory name as the adapter encodes it: prefix, then safe characters only. */
const NAMESPACE_DIRECTORY = /^(n-[a-z0-9_+%-]{0,121}|h-[0-9a-f]{64})$/;
const ENTRY_PATH = new RegExp(
  `^[nh]-[a-z0-9_+%-]+\\${sep}[0-9a-f]{2}\\${sep}[0-9a-f]{2}\\${sep}[0-9a-f]{64}$`,
);

describe('hostile keys and namespaces', () => {
  it('store every key distinctly and create nothing outside the cache directory', async () => {
    const root = await temporaryRoot('traversal');
    const directory = `${root}/level-1/level-2/cache`;
    const before = await listTree(root);
    const adapter = createFsAdapter({ directory, namespace: 'hostile' });

    const results = await adapter.setMany(
      HOSTILE_KEYS.map((key, index) => [key, { payload: `value-${index}` }] as const),
    );
    expect(results).toEqual(HOSTILE_KEYS.map(() => true));
    const entries = await adapter.getMany(HOSTILE_KEYS);
    expect(entries.map((entry) => entry?.payload)).toEqual(
      HOSTILE_KEYS.map((_, index) => `value-${index}`),
    );
    const listed = [];
    for await (const key of adapter.keys()) listed.push(key);
    expect(listed.sort()).toEqual([...HOSTILE_KEYS].sort());

    const after = await listTree(root);
    const created = after.filter((path) => !before.includes(path));
    const cacheRelative = `level-1${sep}level-2${sep}cache`;
    expect(created.length).toBeGreaterThan(HOSTILE_KEYS.length);
    const shapes = [
      NAMESPACE_DIRECTORY,
      /^[nh]-[^/\\]+[/\\][0-9a-f]{2}$/,
      /^[nh]-[^/\\]+[/\\][0-9a-f]{2}[/\\][0-9a-f]{2}$/,
      ENTRY_PATH,
    ];
    for (const path of created.filter((path) => path.startsWith(`${cacheRelative}${sep}`))) {
      const inside = path.slice(cacheRelative.length + 1);
      // The namespace's key lock directory: a fixed name, and empty once every lock is released.
      if (inside.startsWith('.locks-')) {
        expect(inside).toBe('.locks-n-hostile');
        continue;
      }
      expect(inside).toMatch(shapes[inside.split(sep).length - 1] ?? /^$/);
    }
    const files = created.filter((path) => ENTRY_PATH.test(path.slice(cacheRelative.length + 1)));
    expect(files).toHaveLength(HOSTILE_KEYS.length);
    expect(created.filter((path) => !path.startsWith(cacheRelative))).toEqual([
      'level-1',
      `level-1${sep}level-2`,
    ]);
    await adapter.dispose();
  });

  it('encode hostile namespaces as distinct, safe directories inside the root', async () => {
    const root = await temporaryRoot('namespaces');
    const directory = `${root}/cache`;
    const namespaces = [
      '..',
      '.',
      '../escape',
      '/',
      '/etc',
      'a/b',
      'a\\b',
      'CON',
      'con',
      'nul',
      'COM1',
      'with\u0000nul',
      ' ',
      'x'.repeat(10_000),
      'x'.repeat(10_001),
      'Déjà',
      '\uD800',
      'n-a',
      'h-a',
      '.trash-n-a-1',
      '.locks-n-a',
    ];
    for (const [index, namespace] of namespaces.entries()) {
      const adapter = createFsAdapter({ directory, namespace });
      expect(await adapter.set('key', { payload: String(index) })).toBe(true);
      await adapter.dispose();
    }
    const top = (await listTree(root)).filter((path) => !path.includes(sep));
    expect(top).toEqual(['cache']);
    const inRoot = (await listTree(directory)).filter((path) => !path.includes(sep));
    const namespaceDirectories = inRoot.filter((name) => !name.startsWith('.locks-'));
    expect(namespaceDirectories).toHaveLength(namespaces.length);
    for (const name of namespaceDirectories) expect(name).toMatch(NAMESPACE_DIRECTORY);
    // One key lock directory per namespace, named after (and never mistaken for) its directory.
    expect(inRoot.filter((name) => name.startsWith('.locks-')).sort()).toEqual(
      namespaceDirectories.map((name) => `.locks-${name}`).sort(),
    );

    for (const [index, namespace] of namespaces.entries()) {
      const adapter = createFsAdapter({ directory, namespace });
      expect((await adapter.get('key'))?.payload).toBe(String(index));
      await adapter.dispose();
    }
  });
});

import { appendFile, copyFile, mkdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntryLocation } from '../src/entry-location.js';
import { createFsAdapter } from '../src/index.js';
import { temporaryRoot } from './temporary-root.js';

async function setUp(label: string) {
  const directory = await temporaryRoot(label);
  const adapter = createFsAdapter({ directory, namespace: 'corrupt' });
  const location = new EntryLocation(directory, 'corrupt');
  const pathOf = (key: string) => location.entryPath(location.hash(key));
  return { adapter, location, pathOf };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('corrupt, truncated and half-written files', () => {
  const damages: Array<[string, (path: string) => Promise<void>]> = [
    ['truncated by one byte', async (path) => truncate(path, (await stat(path)).size - 1)],
    ['truncated to half', async (path) => truncate(path, Math.floor((await stat(path)).size / 2))],
    ['truncated to the header', async (path) => truncate(path, 28)],
    ['empty', async (path) => truncate(path, 0)],
    [
      'one payload bit flipped',
      async (path) => {
        const bytes = await readFile(path);
        bytes[bytes.length - 1]! ^= 0x01;
        await writeFile(path, bytes);
      },
    ],
    [
      'an expiry rewritten without its checksum',
      async (path) => {
        const bytes = await readFile(path);
        bytes.writeDoubleBE(Date.now() + 1e9, 8);
        await writeFile(path, bytes);
      },
    ],
    ['foreign bytes', async (path) => writeFile(path, 'not a pc entry file, just text')],
    ['with bytes appended', async (path) => appendFile(path, 'trailing')],
  ];

  // Both sides of the adapter's first read (16 kB): small files take one read,
  // larger ones an fstat and more reads.
  for (const [label, damage] of damages) {
    for (const size of [1000, 40_000]) {
      it(`reads a file of ${size} bytes ${label} as a miss and removes it`, async () => {
        const { adapter, pathOf } = await setUp('corrupt');
        await adapter.set('victim', { payload: 'x'.repeat(size), expiresAt: Date.now() + 60_000 });
        await adapter.set('bystander', { payload: 'intact' });
        await damage(pathOf('victim'));

        expect(await adapter.get('victim')).toBeUndefined();
        expect(await exists(pathOf('victim'))).toBe(false);
        expect((await adapter.get('bystander'))?.payload).toBe('intact');

        expect(await adapter.set('victim', { payload: 'fresh' })).toBe(true);
        expect((await adapter.get('victim'))?.payload).toBe('fresh');
        await adapter.dispose();
      });
    }
  }

  it('reports a corrupt entry as absent in getMany, delete and keys', async () => {
    const { adapter, pathOf } = await setUp('corrupt-many');
    await adapter.setMany([
      ['a', { payload: 'A' }],
      ['b', { payload: 'B' }],
      ['c', { payload: 'C' }],
    ]);
    await truncate(pathOf('b'), 10);
    const listed = [];
    for await (const key of adapter.keys()) listed.push(key);
    expect(listed.sort()).toEqual(['a', 'c']);
    expect((await adapter.getMany(['a', 'b', 'c'])).map((entry) => entry?.payload)).toEqual([
      'A',
      undefined,
      'C',
    ]);
    expect(await exists(pathOf('b'))).toBe(false);

    await adapter.set('b', { payload: 'B' });
    await truncate(pathOf('b'), 10);
    expect(await adapter.delete('b')).toBe(false);
    expect(await exists(pathOf('b'))).toBe(false);
    await adapter.dispose();
  });

  it('treats a file holding another key (a hash collision) as a miss', async () => {
    const { adapter, pathOf } = await setUp('collision');
    await adapter.set('real', { payload: 'belongs to real' });
    await mkdir(dirname(pathOf('impostor')), { recursive: true });
    await copyFile(pathOf('real'), pathOf('impostor'));
    expect(await adapter.get('impostor')).toBeUndefined();
    expect((await adapter.get('real'))?.payload).toBe('belongs to real');
    const listed = [];
    for await (const key of adapter.keys()) listed.push(key);
    expect(listed).toEqual(['real']);
    await adapter.dispose();
  });

  it('ignores a half-written temporary file beside the entry', async () => {
    const { adapter, location } = await setUp('half-written');
    await adapter.set('key', { payload: 'committed' });
    const hash = location.hash('key');
    const committed = await readFile(location.entryPath(hash));
    await writeFile(location.temporaryPath(hash), committed.subarray(0, 20));
    expect((await adapter.get('key'))?.payload).toBe('committed');
    await adapter.dispose();
  });
});

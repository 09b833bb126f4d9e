import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntryLocation } from '../src/entry-location.js';
import { createFsAdapter } from '../src/index.js';
import { listTree, temporaryRoot } from './temporary-root.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Files (not directories) under `root`, relative to it. */
async function files(root: string): Promise<string[]> {
  const paths = await listTree(root);
  return paths.filter((path) => /[0-9a-f]{64}/.test(path.split(sep).at(-1) ?? ''));
}

function relativeEntry(root: string, location: EntryLocation, key: string): string {
  return relative(root, location.entryPath(location.hash(key)));
}

describe('prune', () => {
  it('removes exactly the expired entries and stale temporary files', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const directory = await temporaryRoot('prune');
    const adapter = createFsAdapter({ directory, namespace: 'prune' });
    const other = createFsAdapter({ directory, namespace: 'other' });
    const location = new EntryLocation(directory, 'prune');

    await adapter.setMany([
      ['forever', { payload: 'f' }],
      ['later', { payload: 'l', expiresAt: start + 60_000 }],
      ['soon-1', { payload: 's', expiresAt: start + 1_000 }],
      ['soon-2', { payload: 's', expiresAt: start + 1_000 }],
      ['soon-3', { payload: 's', expiresAt: start + 1 }],
    ]);
    await other.set('soon-1', { payload: 'other', expiresAt: start + 1_000 });

    const staleTemporary = location.temporaryPath(location.hash('stale'));
    const freshTemporary = location.temporaryPath(location.hash('forever'));
    await mkdir(location.shardDirectory(location.hash('stale')), { recursive: true });
    await writeFile(staleTemporary, 'half');
    await writeFile(freshTemporary, 'half');
    const longAgo = new Date(start - 120_000);
    await utimes(staleTemporary, longAgo, longAgo);
    const foreign = join(location.shardDirectory(location.hash('forever')), 'not-ours.txt');
    await writeFile(foreign, 'left alone');

    const ownTrash = join(directory, `${location.trashPrefix()}1-0123456789abcdef`);
    const otherTrash = join(directory, '.trash-n-other-1-0123456789abcdef');
    await mkdir(join(ownTrash, 'ab', 'cd'), { recursive: true });
    await writeFile(join(ownTrash, 'ab', 'cd', 'leftover'), 'x');
    await mkdir(otherTrash);

    const before = await files(directory);
    vi.setSystemTime(start + 2_000);
    expect(await adapter.prune()).toBe(4);
    const after = await files(directory);
    const removed = before.filter((path) => !after.includes(path));
    const expected = ['soon-1', 'soon-2', 'soon-3'].map((key) =>
      relativeEntry(directory, location, key),
    );
    expected.push(relative(directory, staleTemporary));
    expect(removed.sort()).toEqual(expected.sort());
    expect(after.filter((path) => !before.includes(path))).toEqual([]);

    expect((await adapter.getMany(['forever', 'later'])).map((entry) => entry?.payload)).toEqual([
      'f',
      'l',
    ]);
    vi.setSystemTime(start + 500);
    expect((await other.get('soon-1'))?.payload).toBe('other');

    // Past the grace period the fresh temporary file and the interrupted clear count as leftovers.
    vi.setSystemTime(start + 120_000);
    expect(await adapter.prune()).toBe(3);
    const tree = await listTree(directory);
    expect(tree.some((path) => path.startsWith(location.trashPrefix()))).toBe(false);
    expect(tree).toContain('.trash-n-other-1-0123456789abcdef');
    expect(tree).toContain(relative(directory, foreign));
    const otherLocation = new EntryLocation(directory, 'other');
    expect(await files(directory)).toEqual(
      [
        relativeEntry(directory, location, 'forever'),
        relativeEntry(directory, otherLocation, 'soon-1'),
      ].sort(),
    );
    expect(await adapter.prune()).toBe(0);
    await Promise.all([adapter.dispose(), other.dispose()]);
  });

  it('returns 0 on an empty or missing directory', async () => {
    const directory = await temporaryRoot('prune-empty');
    const adapter = createFsAdapter({ directory: join(directory, 'missing') });
    expect(await adapter.prune()).toBe(0);
    await adapter.dispose();
  });

  it('removes expired entries lazily when they are read', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const directory = await temporaryRoot('lazy-expiry');
    const adapter = createFsAdapter({ directory, namespace: 'lazy' });
    await adapter.set('key', { payload: 'v', expiresAt: start + 10 });
    expect(await files(directory)).toHaveLength(1);
    vi.setSystemTime(start + 9);
    expect((await adapter.get('key'))?.payload).toBe('v');
    vi.setSystemTime(start + 10);
    expect(await adapter.get('key')).toBeUndefined();
    expect(await files(directory)).toEqual([]);
    await adapter.dispose();
  });
});

describe('prune progress', () => {
  it('reports each scanned shard directory, from 0 to the total', async () => {
    const directory = await temporaryRoot('prune-progress');
    const adapter = createFsAdapter({ directory, namespace: 'progress' });
    await adapter.setMany(
      Array.from({ length: 40 }, (_, index) => [`key-${index}`, { payload: 'p' }] as const),
    );
    const reports: Array<[number, number]> = [];
    await adapter.prune({ onProgress: (done, total) => reports.push([done, total]) });
    const total = reports[0]![1];
    expect(total).toBeGreaterThan(1);
    expect(reports).toEqual(
      Array.from({ length: total + 1 }, (_, index) => [index, total] as [number, number]),
    );
    await adapter.dispose();
  });
});

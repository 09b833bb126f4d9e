import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsAdapter } from '../src/index.js';
import { temporaryRoot } from './temporary-root.js';

describe('clear', () => {
  it('empties this namespace and leaves the others alone', async () => {
    const directory = await temporaryRoot('clear');
    const cleared = createFsAdapter({ directory, namespace: 'cleared' });
    const kept = createFsAdapter({ directory, namespace: 'kept' });
    await cleared.setMany([
      ['a', { payload: '1' }],
      ['b', { payload: '2' }],
    ]);
    await kept.setMany([
      ['a', { payload: 'kept-1' }],
      ['b', { payload: 'kept-2' }],
    ]);
    await cleared.clear();
    expect(await cleared.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    expect((await kept.getMany(['a', 'b'])).map((entry) => entry?.payload)).toEqual([
      'kept-1',
      'kept-2',
    ]);
    // Key locks live beside the namespace directories (so a clear never moves a held one), empty when idle.
    expect((await readdir(directory)).sort()).toEqual([
      '.locks-n-cleared',
      '.locks-n-kept',
      'n-kept',
    ]);
    expect(await readdir(join(directory, '.locks-n-cleared'))).toEqual([]);

    expect(await cleared.set('a', { payload: 'again' })).toBe(true);
    expect((await cleared.get('a'))?.payload).toBe('again');
    await cleared.clear();
    await cleared.clear();
    await Promise.all([cleared.dispose(), kept.dispose()]);
  });

  it('a writer whose directory another instance cleared writes into a fresh one', async () => {
    const directory = await temporaryRoot('clear-writer');
    const writer = createFsAdapter({ directory, namespace: 'shared' });
    const clearer = createFsAdapter({ directory, namespace: 'shared' });
    await writer.set('k', { payload: 'before' });
    await clearer.clear();
    expect(await writer.get('k')).toBeUndefined();
    expect(await writer.set('k', { payload: 'after' })).toBe(true);
    expect((await clearer.get('k'))?.payload).toBe('after');
    await Promise.all([writer.dispose(), clearer.dispose()]);
  });

  it('concurrent writes and clears never fail and leave no trash behind', async () => {
    const directory = await temporaryRoot('clear-race');
    const writer = createFsAdapter({ directory, namespace: 'shared' });
    const clearer = createFsAdapter({ directory, namespace: 'shared' });
    const keys = Array.from({ length: 40 }, (_, index) => `key-${index}`);
    for (let round = 0; round < 5; round += 1) {
      const [written] = await Promise.all([
        writer.setMany(keys.map((key) => [key, { payload: `${round}:${key}` }] as const)),
        clearer.clear(),
      ]);
      expect(written.every(Boolean)).toBe(true);
      const entries = await writer.getMany(keys);
      entries.forEach((entry, index) => {
        if (entry !== undefined) expect(entry.payload).toBe(`${round}:${keys[index]}`);
      });
    }
    expect((await readdir(directory)).filter((name) => name.startsWith('.trash'))).toEqual([]);
    await Promise.all([writer.dispose(), clearer.dispose()]);
  });
});

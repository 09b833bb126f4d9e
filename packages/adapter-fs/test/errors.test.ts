import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BackendUnavailableError,
  ClosedError,
  InvalidKeyError,
  InvalidOptionsError,
  ValueTooLargeError,
} from '@pc/core';
import { describe, expect, it } from 'vitest';
import { createFsAdapter, type FsAdapterOptions } from '../src/index.js';
import { temporaryRoot } from './temporary-root.js';

describe('options', () => {
  const invalid: Array<[string, unknown]> = [
    ['directory', {}],
    ['directory', { directory: '' }],
    ['directory', { directory: 'a\u0000b' }],
    ['namespace', { directory: '/tmp/x', namespace: '' }],
    ['fsync', { directory: '/tmp/x', fsync: 'yes' }],
    ['maxValueBytes', { directory: '/tmp/x', maxValueBytes: 0 }],
    ['maxEntries', { directory: '/tmp/x', maxEntries: 1.5 }],
    ['maxBytes', { directory: '/tmp/x', maxBytes: -1 }],
    ['concurrency', { directory: '/tmp/x', concurrency: Number.POSITIVE_INFINITY }],
    ['leftoverGraceMilliseconds', { directory: '/tmp/x', leftoverGraceMilliseconds: Number.NaN }],
    ['lockStaleMilliseconds', { directory: '/tmp/x', lockStaleMilliseconds: 0 }],
    ['maxValueByte', { directory: '/tmp/x', maxValueByte: 10 }],
  ];
  for (const [name, options] of invalid) {
    it(`reject a bad "${name}" at creation, naming it`, () => {
      const create = () => createFsAdapter(options as FsAdapterOptions);
      expect(create).toThrow(InvalidOptionsError);
      expect(create).toThrow(`"${name}"`);
    });
  }
});

describe('typed errors', () => {
  it('a directory that cannot exist makes every operation reject BackendUnavailableError', async () => {
    const root = await temporaryRoot('unreachable');
    const file = join(root, 'a-file');
    await writeFile(file, 'in the way');
    const adapter = createFsAdapter({ directory: join(file, 'cache') });
    const operations: Array<() => Promise<unknown>> = [
      () => adapter.get('k'),
      () => adapter.getMany(['k', 'l']),
      () => adapter.set('k', { payload: 'v' }),
      () => adapter.setMany([['k', { payload: 'v' }]]),
      () => adapter.delete('k'),
      () => adapter.deleteMany(['k']),
      () => adapter.compareAndSet([['k', undefined, { payload: 'v' }]]),
      () => adapter.clear(),
      () => adapter.prune(),
      async () => {
        for await (const _ of adapter.keys()) break;
      },
    ];
    for (const operation of operations) {
      const error = await operation().then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(file);
      expect(((error as Error).cause as { code?: string }).code).toBe('ENOTDIR');
    }
    await adapter.dispose();
  });

  it('an empty key rejects InvalidKeyError and writes nothing', async () => {
    const directory = await temporaryRoot('empty-key');
    const adapter = createFsAdapter({ directory });
    await expect(adapter.set('', { payload: 'v' })).rejects.toThrow(InvalidKeyError);
    await expect(
      adapter.setMany([
        ['fine', { payload: 'v' }],
        ['', { payload: 'v' }],
      ]),
    ).rejects.toThrow(InvalidKeyError);
    await expect(adapter.get('')).rejects.toThrow(InvalidKeyError);
    expect(await readdir(directory)).toEqual([]);
    await adapter.dispose();
  });

  it('a payload over maxValueBytes (UTF-8 bytes) rejects ValueTooLargeError and writes nothing', async () => {
    const directory = await temporaryRoot('too-large');
    const adapter = createFsAdapter({ directory, maxValueBytes: 10 });
    expect(adapter.capabilities.maxValueBytes).toBe(10);
    expect(await adapter.set('fits', { payload: 'é'.repeat(5) })).toBe(true);
    await expect(adapter.set('big', { payload: 'é'.repeat(6) })).rejects.toThrow(
      ValueTooLargeError,
    );
    await expect(
      adapter.setMany([
        ['small', { payload: 'a' }],
        ['big', { payload: 'a'.repeat(11) }],
      ]),
    ).rejects.toThrow(ValueTooLargeError);
    expect(await adapter.getMany(['fits', 'big', 'small'])).toEqual([
      { payload: 'é'.repeat(5) },
      undefined,
      undefined,
    ]);
    await adapter.dispose();
  });

  it('deleting missing keys is not an error', async () => {
    const directory = await temporaryRoot('delete-missing');
    const adapter = createFsAdapter({ directory });
    expect(await adapter.delete('never-written')).toBe(false);
    await adapter.set('a', { payload: 'A' });
    expect(await adapter.deleteMany(['a', 'missing', 'a'])).toBe(1);
    await adapter.dispose();
  });
});

describe('dispose', () => {
  it('waits for in-flight writes, then every operation rejects ClosedError', async () => {
    const directory = await temporaryRoot('dispose');
    const adapter = createFsAdapter({ directory, fsync: true });
    const writing = adapter.set('k', { payload: 'v'.repeat(100_000) });
    await adapter.dispose();
    expect(await writing).toBe(true);
    await adapter.dispose();

    const operations: Array<() => Promise<unknown>> = [
      () => adapter.get('k'),
      () => adapter.getMany([]),
      () => adapter.set('k', { payload: 'v' }),
      () => adapter.setMany([]),
      () => adapter.delete('k'),
      () => adapter.deleteMany([]),
      () => adapter.compareAndSet([]),
      () => adapter.clear(),
      () => adapter.prune(),
      async () => {
        for await (const _ of adapter.keys()) break;
      },
    ];
    for (const operation of operations) await expect(operation()).rejects.toThrow(ClosedError);

    const reopened = createFsAdapter({ directory });
    expect((await reopened.get('k'))?.payload).toHaveLength(100_000);
    await reopened.dispose();
  });
});

import { stat, utimes } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntryLocation } from '../src/entry-location.js';
import { createFsAdapter } from '../src/index.js';
import { temporaryRoot } from './temporary-root.js';

afterEach(() => {
  vi.useRealTimers();
});

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];

/** Writes KEYS with k0 the oldest on disk (explicit mtimes: timestamps can be coarse). */
async function writeAged(directory: string, adapter: ReturnType<typeof createFsAdapter>) {
  const location = new EntryLocation(directory, adapter.namespace);
  const base = Date.now() - 100_000;
  for (const [index, key] of KEYS.entries()) {
    await adapter.set(key, { payload: 'p'.repeat(100) });
    const time = new Date(base + index * 1_000);
    await utimes(location.entryPath(location.hash(key)), time, time);
  }
  return location;
}

async function present(adapter: ReturnType<typeof createFsAdapter>): Promise<string[]> {
  const entries = await adapter.getMany(KEYS);
  return KEYS.filter((_, index) => entries[index] !== undefined);
}

describe('caps', () => {
  it('declare eviction only when a cap is set', () => {
    expect(createFsAdapter({ directory: '/unused' }).capabilities.evicts).toBe(false);
    expect(createFsAdapter({ directory: '/unused', maxEntries: 10 }).capabilities.evicts).toBe(
      true,
    );
    expect(createFsAdapter({ directory: '/unused', maxBytes: 1024 }).capabilities.evicts).toBe(
      true,
    );
  });

  it('maxEntries: prune removes the oldest-written entries beyond the cap', async () => {
    const directory = await temporaryRoot('cap-entries');
    const adapter = createFsAdapter({ directory, namespace: 'capped', maxEntries: 3 });
    await writeAged(directory, adapter);
    expect(await present(adapter)).toEqual(KEYS);
    expect(await adapter.prune()).toBe(2);
    expect(await present(adapter)).toEqual(['k2', 'k3', 'k4']);
    expect(await adapter.prune()).toBe(0);
    await adapter.dispose();
  });

  it('maxBytes: prune removes the oldest-written entries until the files fit', async () => {
    const directory = await temporaryRoot('cap-bytes');
    const probe = createFsAdapter({ directory, namespace: 'probe' });
    const probeLocation = new EntryLocation(directory, 'probe');
    await probe.set('k0', { payload: 'p'.repeat(100) });
    const fileBytes = (await stat(probeLocation.entryPath(probeLocation.hash('k0')))).size;

    const adapter = createFsAdapter({
      directory,
      namespace: 'capped',
      maxBytes: fileBytes * 2 + fileBytes - 1,
    });
    await writeAged(directory, adapter);
    expect(await adapter.prune()).toBe(3);
    expect(await present(adapter)).toEqual(['k3', 'k4']);
    expect((await probe.get('k0'))?.payload).toBe('p'.repeat(100));
    await Promise.all([adapter.dispose(), probe.dispose()]);
  });

  it('expired entries go first and do not count against the cap', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const directory = await temporaryRoot('cap-expired');
    const adapter = createFsAdapter({ directory, namespace: 'capped', maxEntries: 3 });
    await writeAged(directory, adapter);
    await adapter.set('k4', { payload: 'short-lived', expiresAt: start + 10 });
    vi.setSystemTime(start + 20);
    // k4 expired (1), then k0 is the oldest of the four left over the cap of 3 (1).
    expect(await adapter.prune()).toBe(2);
    expect(await present(adapter)).toEqual(['k1', 'k2', 'k3']);
    await adapter.dispose();
  });
});

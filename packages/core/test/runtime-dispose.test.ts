import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CacheEvent, createCache, InvalidationError } from '../src/index.js';
import { KeySpace } from '../src/keys/key-space.js';
import { MapAdapter } from './support/map-adapter.js';

const EXIT_FIXTURE = fileURLToPath(
  new URL('./fixtures/exit-with-queued-invalidation.mjs', import.meta.url),
);

function queueingCache(adapter: MapAdapter, events: CacheEvent[]) {
  return createCache({
    adapter,
    burst: false,
    invalidationFailure: 'queue',
    invalidationRetryDelayMilliseconds: 3_600_000,
    onEvent: (event) => events.push(event),
  });
}

describe('queued invalidations are never dropped silently', () => {
  it('dispose gives them a last attempt, which applies them when the backend is back', async () => {
    const adapter = new MapAdapter();
    const events: CacheEvent[] = [];
    const cache = queueingCache(adapter, events);
    await cache.set('k', 'old');
    const { deleteMany } = adapter;
    adapter.deleteMany = () => Promise.reject(new Error('down'));
    await cache.invalidate({ keys: ['k'] });
    adapter.deleteMany = deleteMany;
    expect(adapter.store.has(KeySpace.ROOT.entryKey('k'))).toBe(true);
    await cache.dispose();
    expect(adapter.store.has(KeySpace.ROOT.entryKey('k'))).toBe(false);
    expect(events.some((event) => event.type === 'invalidation-dropped')).toBe(false);
  });

  it('dispose rejects with InvalidationError and emits invalidation-dropped when the last attempt fails', async () => {
    const adapter = new MapAdapter();
    const events: CacheEvent[] = [];
    const cache = queueingCache(adapter, events);
    adapter.deleteMany = () => Promise.reject(new Error('down'));
    await cache.invalidate({ keys: ['k'] });
    await expect(cache.dispose()).rejects.toThrow(InvalidationError);
    const dropped = events.filter((event) => event.type === 'invalidation-dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({
      keys: [KeySpace.ROOT.entryKey('k')],
      tags: [],
      clear: false,
    });
  });

  it('a process about to exit retries them once (beforeExit), and warns when that fails', () => {
    const recovered = spawnSync(process.execPath, [EXIT_FIXTURE, 'recovers'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(recovered.status).toBe(0);
    expect(recovered.stdout).toContain('entry after exit attempt: absent');
    expect(recovered.stderr).not.toContain('PC_INVALIDATION_DROPPED');
    const down = spawnSync(process.execPath, [EXIT_FIXTURE, 'stays-down'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(down.status).toBe(0);
    expect(down.stderr).toContain('PC_INVALIDATION_DROPPED');
    expect(down.stdout).toContain('dropped event: 1');
  });
});

import { describe, expect, it } from 'vitest';
import { type AdapterEntry, type Cache, type CacheOptions, createCache } from '../src/index.js';
import { KeySpace } from '../src/keys/key-space.js';
import { createGate } from '../src/testing/index.js';
import { countingLoader } from './support/counting-loader.js';
import { MapAdapter } from './support/map-adapter.js';

const OLD = { version: 'old' };
const NEW = { version: 'new' };

/** Two caches over one backend: two processes. */
function twoProcesses(options: Partial<CacheOptions> = {}, compareAndSet = true) {
  const store = new Map<string, AdapterEntry>();
  const make = () =>
    createCache({
      adapter: new MapAdapter(store, { compareAndSet }),
      burst: false,
      ...options,
    });
  return { store, a: make(), b: make() };
}

const ENTRY_KEY = KeySpace.ROOT.entryKey('k');

describe('fill leases', () => {
  it('a load overlapped by another process’s invalidation stores nothing, even once every other record is lost', async () => {
    const { store, a, b } = twoProcesses();
    const gate = createGate();
    const loading = a.getOrLoad('k', gate.loader(OLD));
    await gate.entered;
    await b.invalidate({ keys: ['k'] });
    gate.open();
    expect(await loading).toEqual(OLD);
    expect(store.has(ENTRY_KEY)).toBe(false);
    // What eviction or a restart does: every record but entries is gone.
    for (const key of [...store.keys()]) if (!key.startsWith('e')) store.delete(key);
    expect(await a.get('k')).toBeUndefined();
    expect(await b.getOrLoad('k', async () => NEW)).toEqual(NEW);
    expect(await a.getOrLoad('k', async () => OLD)).toEqual(NEW);
  });

  it('a value loaded without a TTL is stored without expiry, on the first load and after an invalidation', async () => {
    const { store, a, b } = twoProcesses();
    await a.getOrLoad('k', async () => OLD);
    expect(store.get(ENTRY_KEY)?.expiresAt).toBeUndefined();
    await b.invalidate({ keys: ['k'] });
    await a.getOrLoad('k', async () => NEW);
    expect(store.get(ENTRY_KEY)?.expiresAt).toBeUndefined();
  });

  const races: Array<[string, object, (cache: Cache) => Promise<void>]> = [
    ['key', {}, (cache) => cache.invalidate({ keys: ['k'] })],
    ['argument tag', { tags: ['t'] }, (cache) => cache.invalidateTags(['t'])],
    ['value tag', { tags: () => ['t'] }, (cache) => cache.invalidateTags(['t'])],
  ];
  for (const [what, options, invalidate] of races) {
    it(`a caller arriving after another process invalidated by ${what} never joins this process's load from before it`, async () => {
      const { a, b } = twoProcesses();
      const gate = createGate();
      const first = a.getOrLoad('k', gate.loader(OLD), options);
      await gate.entered;
      await invalidate(b);
      const later = countingLoader(NEW);
      const second = a.getOrLoad('k', later.load, options);
      gate.open();
      expect(await first).toEqual(OLD);
      expect(await second).toEqual(NEW);
      expect(later.calls).toBe(1);
      expect(await b.getOrLoad('k', async () => OLD, options)).toEqual(NEW);
    });
  }

  it('a caller arriving while this process loads (no invalidation) joins the load', async () => {
    const { a } = twoProcesses();
    const gate = createGate();
    const first = a.getOrLoad('k', gate.loader(OLD), { tags: ['t'] });
    await gate.entered;
    const other = countingLoader(NEW);
    const second = a.getOrLoad('k', other.load, { tags: ['t'] });
    gate.open();
    expect(await second).toEqual(OLD);
    expect(await first).toEqual(OLD);
    expect(other.calls).toBe(0);
  });

  it('another process waits for the lease holder’s fill instead of loading (cross-process single-flight)', async () => {
    const { a, b } = twoProcesses();
    const gate = createGate();
    const first = a.getOrLoad('k', gate.loader(OLD));
    await gate.entered;
    const other = countingLoader(NEW);
    const waiting = Promise.all(Array.from({ length: 50 }, () => b.getOrLoad('k', other.load)));
    gate.open();
    expect(await first).toEqual(OLD);
    expect(await waiting).toEqual(Array.from({ length: 50 }, () => OLD));
    expect(other.calls).toBe(0);
  });

  it('a lease whose holder never fills is taken over after leaseWaitMilliseconds, and the holder’s late fill is refused', async () => {
    const { store, a, b } = twoProcesses({ leaseWaitMilliseconds: 30 });
    const gate = createGate();
    const stuck = a.getOrLoad('k', gate.loader(OLD));
    await gate.entered;
    expect(await b.getOrLoad('k', async () => NEW)).toEqual(NEW);
    gate.open();
    expect(await stuck).toEqual(OLD);
    expect(await b.get('k')).toEqual(NEW);
    expect(store.get(ENTRY_KEY)?.payload).toContain('new');
  });

  it('a holder whose loader finds nothing gives the lease back at once', async () => {
    const { store, a, b } = twoProcesses({ leaseWaitMilliseconds: 3_600_000 });
    const gate = createGate();
    const first = a.getOrLoad('k', gate.loader(undefined));
    await gate.entered;
    const second = b.getOrLoad('k', async () => NEW);
    gate.open();
    expect(await first).toBeUndefined();
    // Would hang for an hour if the lease stayed.
    expect(await second).toEqual(NEW);
    expect(store.get(ENTRY_KEY)?.payload).toContain('new');
  });

  it('a holder whose loader throws gives the lease back, and its callers get the error', async () => {
    const { store, a } = twoProcesses({ leaseWaitMilliseconds: 3_600_000 });
    await expect(
      a.getOrLoad('k', async () => {
        throw new Error('backend down');
      }),
    ).rejects.toThrow('backend down');
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.has(ENTRY_KEY)).toBe(false);
    expect(await a.getOrLoad('k', async () => NEW)).toEqual(NEW);
  });

  it('plain get reads a lease as a miss; a plain set replaces a lease and the racing fill is refused', async () => {
    const { a, b } = twoProcesses();
    const gate = createGate();
    const loading = a.getOrLoad('k', gate.loader(OLD));
    await gate.entered;
    expect(await b.get('k')).toBeUndefined();
    await b.set('k', NEW);
    gate.open();
    expect(await loading).toEqual(OLD);
    expect(await a.get('k')).toEqual(NEW);
  });

  it('an entry whose tags were invalidated is replaced through a lease (no stale overwrite race)', async () => {
    const { store, a, b } = twoProcesses();
    await a.getOrLoad('k', async () => OLD, { tags: ['t'] });
    await b.invalidateTags(['t']);
    expect(await a.getOrLoad('k', async () => NEW, { tags: ['t'] })).toEqual(NEW);
    expect(store.get(ENTRY_KEY)?.payload).toContain('new');
  });

  it('adapters without compareAndSet: a key invalidation in this process still fences the fill', async () => {
    const { store, a } = twoProcesses({}, false);
    const gate = createGate();
    const loading = a.getOrLoad('k', gate.loader(OLD));
    await gate.entered;
    await a.invalidate({ keys: ['k'] });
    gate.open();
    expect(await loading).toEqual(OLD);
    expect(store.has(ENTRY_KEY)).toBe(false);
    expect(await a.getOrLoad('k', async () => NEW)).toEqual(NEW);
  });
});

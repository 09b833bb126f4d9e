import { describe, expect, it } from 'vitest';
import { type AdapterEntry, type Cache, createCache } from '../src/index.js';
import { createGate, createLocalBus } from '../src/testing/index.js';
import { countingLoader } from './support/counting-loader.js';
import { MapAdapter } from './support/map-adapter.js';

const OLD = { id: 1, version: 'old' };
const NEW = { id: 1, version: 'new' };
/** Tags computed from the value, as every store that declares `tags` does. */
const BY_ITEM = { tags: (value: { id: number }) => [`item-${value.id}`] };

describe('pending invalidations and tags computed from values', () => {
  for (const burst of [true, false]) {
    it(`inside a transaction, a pending tag invalidation bypasses ${burst ? 'L1' : 'L2'} for a computed-tag entry`, async () => {
      const cache = createCache({ adapter: new MapAdapter(), burst: burst ? undefined : false });
      expect(await cache.getOrLoad('k', async () => OLD, BY_ITEM)).toEqual(OLD);
      const loader = countingLoader(NEW);
      const read = await cache.transaction(async () => {
        await cache.invalidateTags(['item-1']);
        return cache.getOrLoad('k', loader.load, BY_ITEM);
      });
      expect(read).toEqual(NEW);
      expect(loader.calls).toBe(1);
    });
  }

  it('inside a transaction, a pending tag invalidation does not join a computed-tag load in flight', async () => {
    const cache = createCache({ adapter: new MapAdapter() });
    const gate = createGate();
    const outside = cache.getOrLoad('k', gate.loader(OLD), BY_ITEM);
    await gate.entered;
    const loader = countingLoader(NEW);
    const read = await cache.transaction(async () => {
      await cache.invalidateTags(['item-1']);
      return cache.getOrLoad('k', loader.load, BY_ITEM);
    });
    gate.open();
    expect(await outside).toEqual(OLD);
    expect(read).toEqual(NEW);
    expect(loader.calls).toBe(1);
  });

  it('inside a transaction, getManyOrLoad and a pending tag bypass L2 for computed-tag entries', async () => {
    const cache = createCache({ adapter: new MapAdapter(), burst: false });
    await cache.getManyOrLoad(
      ['a', 'b'],
      async (keys) => keys.map((key) => ({ id: key === 'a' ? 1 : 2 })),
      BY_ITEM,
    );
    const loaded: string[][] = [];
    const values = await cache.transaction(async () => {
      await cache.invalidateTags(['item-1']);
      return cache.getManyOrLoad(
        ['a', 'b'],
        async (keys) => {
          loaded.push([...keys]);
          return keys.map(() => ({ id: 1, fresh: true }));
        },
        BY_ITEM,
      );
    });
    expect(loaded).toEqual([['a']]);
    expect(values).toEqual([{ id: 1, fresh: true }, { id: 2 }]);
  });

  it('while a tag invalidation waits for retry, computed-tag entries are read from the loader', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({
      adapter,
      burst: false,
      invalidationFailure: 'queue',
      invalidationRetryDelayMilliseconds: 3_600_000,
    });
    await cache.getOrLoad('k', async () => OLD, BY_ITEM);
    const { set, setMany } = adapter;
    adapter.set = () => Promise.reject(new Error('down'));
    adapter.setMany = () => Promise.reject(new Error('down'));
    await cache.invalidateTags(['item-1']);
    adapter.set = set;
    adapter.setMany = setMany;
    const loader = countingLoader(NEW);
    expect(await cache.getOrLoad('k', loader.load, BY_ITEM)).toEqual(NEW);
    expect(await cache.getManyOrLoad(['k'], async () => [NEW], BY_ITEM)).toEqual([NEW]);
    expect(await cache.get('k')).toBeUndefined();
    expect(loader.calls).toBe(1);
    await cache.dispose();
  });

  it('an L2 hit of a computed-tag entry does not fill L1 once the bus dropped one of its tags', async () => {
    const store = new Map<string, AdapterEntry>();
    const writer = createCache({
      adapter: new MapAdapter(store),
      bus: createLocalBus('pending-tags'),
    });
    await writer.getOrLoad('k', async () => OLD, BY_ITEM);
    // This process reads L2 through an adapter that holds back the answer of its
    // read of the value's tag versions (taken before the invalidation).
    const reads = createGate();
    const slow = new MapAdapter(store);
    const getMany = slow.getMany.bind(slow);
    slow.getMany = async (keys) => {
      const entries = await getMany(keys);
      if (keys.includes('t:item-1')) await reads.loader(undefined)();
      return entries;
    };
    const reader: Cache = createCache({ adapter: slow, bus: createLocalBus('pending-tags') });
    await reader.ready();
    await writer.ready();
    const racing = reader.getOrLoad('k', async () => NEW, BY_ITEM);
    await reads.entered;
    await writer.invalidateTags(['item-1']);
    await new Promise((resolve) => setImmediate(resolve));
    reads.open();
    // Its read began before the invalidation: either value is fine for it...
    await racing;
    // ...but L1 must not keep the old value.
    const next = countingLoader(NEW);
    expect(await reader.getOrLoad('k', next.load, BY_ITEM)).toEqual(NEW);
    expect(next.calls).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type CacheEvent,
  createCache,
  InvalidationError,
  InvalidOptionsError,
} from '../src/index.js';
import { createGate } from '../src/testing/runtime/gate.js';
import { MapAdapter } from './support/map-adapter.js';

function setup() {
  const adapter = new MapAdapter();
  const events: CacheEvent[] = [];
  const cache = createCache({ adapter, onEvent: (event) => events.push(event) });
  return { adapter, cache, events };
}

describe('transactions', () => {
  it('a nested commit folds into the outer transaction; only the outermost commit applies', async () => {
    const { cache } = setup();
    await cache.getOrLoad('a', async () => 'a1');
    await cache.transaction(async () => {
      await cache.transaction(async () => {
        await cache.invalidate({ keys: ['a'] });
      });
      // Still pending: the outer transaction has not committed.
      expect(await cache.getOrLoad('a', async () => 'inside')).toBe('inside');
    });
    expect(await cache.getOrLoad('a', async () => 'a2')).toBe('a2');
  });

  it('a nested rollback drops only its own invalidations', async () => {
    const { cache } = setup();
    await cache.getOrLoad('a', async () => 'a1');
    await cache.getOrLoad('b', async () => 'b1');
    await cache.transaction(async () => {
      await cache.invalidate({ keys: ['a'] });
      await expect(
        cache.transaction(async () => {
          await cache.invalidate({ keys: ['b'] });
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    expect(await cache.getOrLoad('a', async () => 'a2')).toBe('a2');
    expect(await cache.getOrLoad('b', async () => 'b2')).toBe('b1');
  });

  it('begin / commit / rollback work on the current async context', async () => {
    const { cache } = setup();
    await cache.getOrLoad('a', async () => 'a1');
    cache.begin();
    await cache.invalidate({ keys: ['a'] });
    cache.rollback();
    expect(await cache.getOrLoad('a', async () => 'a2')).toBe('a1');
    cache.begin();
    await cache.invalidate({ keys: ['a'] });
    await cache.commit();
    expect(await cache.getOrLoad('a', async () => 'a3')).toBe('a3');
    await expect(cache.commit()).rejects.toThrow(InvalidOptionsError);
    expect(() => cache.rollback()).toThrow(InvalidOptionsError);
  });

  it('concurrent transactions do not see each other’s pending invalidations', async () => {
    const { cache } = setup();
    await cache.getOrLoad('a', async () => 'a1');
    const gate = createGate();
    const first = cache.transaction(async () => {
      await cache.invalidate({ keys: ['a'] });
      await gate.loader(undefined)();
    });
    await gate.entered;
    const second = await cache.transaction(async () => cache.getOrLoad('a', async () => 'unused'));
    expect(second).toBe('a1');
    gate.open();
    await first;
    expect(await cache.getOrLoad('a', async () => 'a2')).toBe('a2');
  });

  it('writes inside a transaction become deletes, and reads of them miss', async () => {
    const { adapter, cache } = setup();
    await cache.set('a', 'a1');
    await cache.transaction(async () => {
      expect(await cache.set('a', 'a2')).toBe(false);
      expect(await cache.setMany([{ key: 'b', value: 'b2' }])).toEqual([false]);
      expect(await cache.get('a')).toBeUndefined();
    });
    expect(adapter.store.has('e:a')).toBe(false);
    expect(adapter.store.has('e:b')).toBe(false);
  });

  it('reads of pending tags bypass the cache', async () => {
    const { cache } = setup();
    await cache.getOrLoad('a', async () => 'a1', { tags: ['t'] });
    await cache.set('plain', 'p1', { tags: ['t'] });
    await cache.transaction(async () => {
      await cache.invalidate({ tags: ['t'] });
      expect(await cache.getOrLoad('a', async () => 'inside', { tags: ['t'] })).toBe('inside');
      expect(await cache.get('plain')).toBeUndefined();
    });
  });

  it('nothing loaded inside a transaction is stored, and nobody outside joins such a load', async () => {
    const { cache } = setup();
    const gate = createGate();
    const inside = cache.transaction(() => cache.getOrLoad('k', gate.loader('uncommitted')));
    await gate.entered;
    let outsideLoads = 0;
    const outside = cache.getOrLoad('k', async () => {
      outsideLoads++;
      return 'committed';
    });
    expect(await outside).toBe('committed');
    expect(outsideLoads).toBe(1);
    gate.open();
    expect(await inside).toBe('uncommitted');
    expect(await cache.get('k')).toBe('committed');
  });

  it('reports deferred invalidations, and rejects the commit when the invalidation fails', async () => {
    const { adapter, cache, events } = setup();
    await cache.transaction(async () => {
      await cache.invalidate({ keys: ['a'] });
    });
    const invalidations = events.filter((event) => event.type === 'invalidate');
    expect(invalidations.map((event) => event.type === 'invalidate' && event.deferred)).toEqual([
      true,
      false,
    ]);
    adapter.deleteMany = () => Promise.reject(new Error('down'));
    await expect(
      cache.transaction(async () => {
        await cache.invalidate({ keys: ['a'] });
        return 'done';
      }),
    ).rejects.toThrow(InvalidationError);
  });
});

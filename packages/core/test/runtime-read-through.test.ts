import { describe, expect, it } from 'vitest';
import { createCache, InvalidOptionsError, SerializationError } from '../src/index.js';
import { MapAdapter, NativeTagMapAdapter } from './support/map-adapter.js';

function setup(options: Record<string, unknown> = {}) {
  const adapter = new MapAdapter();
  const cache = createCache({ adapter, ...options });
  return { adapter, cache };
}

describe('getOrLoad', () => {
  it('loads on a miss, stores in L2 and L1, then serves L1 without I/O', async () => {
    const { adapter, cache } = setup();
    let loads = 0;
    const loader = async () => {
      loads++;
      return { id: 1, name: 'a' };
    };
    expect(await cache.getOrLoad('k', loader)).toEqual({ id: 1, name: 'a' });
    expect(loads).toBe(1);
    expect(await cache.get('k')).toEqual({ id: 1, name: 'a' });
    adapter.resetCalls();
    expect(await cache.getOrLoad('k', loader)).toEqual({ id: 1, name: 'a' });
    expect(loads).toBe(1);
    expect(adapter.calls).toEqual([]);
  });

  it('serves L2 hits in one adapter round trip and fills L1', async () => {
    const { adapter, cache } = setup();
    await cache.getOrLoad('k', async () => 'v', { tags: ['t1'] });
    const other = createCache({ adapter });
    adapter.resetCalls();
    expect(await other.getOrLoad('k', async () => 'other', { tags: ['t1'] })).toBe('v');
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany']);
    adapter.resetCalls();
    expect(await other.getOrLoad('k', async () => 'other', { tags: ['t1'] })).toBe('v');
    expect(adapter.calls).toEqual([]);
  });

  it('does not cache undefined, and caches falsy values', async () => {
    const { cache } = setup();
    let loads = 0;
    const nothing = async () => {
      loads++;
      return undefined;
    };
    expect(await cache.getOrLoad('u', nothing)).toBeUndefined();
    expect(await cache.getOrLoad('u', nothing)).toBeUndefined();
    expect(loads).toBe(2);
    for (const falsy of [0, '', false, null]) {
      let calls = 0;
      const key = `f-${String(falsy)}`;
      const load = async (value: unknown) => {
        calls++;
        return value;
      };
      await cache.getOrLoad(key, () => load(falsy));
      expect(await cache.getOrLoad(key, () => load('x'))).toBe(falsy);
      expect(calls).toBe(1);
    }
  });

  it('returns frozen plain values and fresh copies of Map/Date values', async () => {
    const { cache } = setup();
    const plain = await cache.getOrLoad('p', async () => ({ list: [1, 2] }));
    expect(Object.isFrozen(plain)).toBe(true);
    expect(Object.isFrozen(plain!.list)).toBe(true);
    expect(() => {
      (plain as { list: number[] }).list.push(3);
    }).toThrow(TypeError);
    const first = await cache.getOrLoad('m', async () => new Map([['a', new Date(5)]]));
    first!.set('b', new Date(6));
    const second = await cache.getOrLoad('m', async () => new Map());
    expect(second).toEqual(new Map([['a', new Date(5)]]));
  });

  it('leaves the object the loader returned untouched (not frozen)', async () => {
    const { cache } = setup();
    const original = { a: 1 };
    await cache.getOrLoad('k', async () => original);
    expect(Object.isFrozen(original)).toBe(false);
  });

  it('rejects a loader error for every caller and caches nothing', async () => {
    const { cache } = setup();
    const failure = new Error('db down');
    await expect(cache.getOrLoad('k', async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(await cache.getOrLoad('k', async () => 'ok')).toBe('ok');
  });

  it('throws SerializationError for a value it cannot store', async () => {
    const { cache } = setup();
    await expect(cache.getOrLoad('k', async () => ({ f: () => 1 }))).rejects.toThrow(
      SerializationError,
    );
  });

  it('validates options eagerly', async () => {
    const { adapter, cache } = setup();
    await expect(cache.getOrLoad('k', async () => 1, { ttl: 5 } as never)).rejects.toThrow(
      /unknown getOrLoad option "ttl"/,
    );
    await expect(
      cache.getOrLoad('k', async () => 1, { burst: { ttlMilliseconds: -1 } }),
    ).rejects.toThrow(InvalidOptionsError);
    await expect(cache.getOrLoad('k', 'x' as never)).rejects.toThrow(/loader function/);
    expect(adapter.calls).toEqual([]);
  });

  it('honours burst: false per call (no L1 read or fill)', async () => {
    const { adapter, cache } = setup();
    await cache.getOrLoad('k', async () => 1, { burst: false });
    adapter.resetCalls();
    await cache.getOrLoad('k', async () => 2, { burst: false });
    expect(adapter.calls.map((call) => call.method)).toEqual(['get']);
  });

  it('a ttl <= 0 returns the value without storing it', async () => {
    const { adapter, cache } = setup();
    expect(await cache.getOrLoad('k', async () => 1, { ttlMilliseconds: 0 })).toBe(1);
    expect(adapter.store.size).toBe(0);
  });
});

describe('getManyOrLoad', () => {
  it('100 keys with 40 cached: one L2 read, ONE loader call with exactly the 60 missing keys, one lease write and one fill', async () => {
    const { adapter, cache } = setup({ burst: false });
    const keys = Array.from({ length: 100 }, (_, index) => `k${index}`);
    const cached = keys.filter((_, index) => index % 5 < 2);
    await cache.setMany(cached.map((key) => ({ key, value: `cached:${key}` })));
    adapter.resetCalls();
    const calls: Array<readonly string[]> = [];
    const values = await cache.getManyOrLoad(keys, async (missing) => {
      calls.push(missing);
      return new Map(missing.map((key) => [key, `loaded:${key}`]));
    });
    expect(calls).toEqual([keys.filter((_, index) => index % 5 >= 2)]);
    expect(calls[0]).toHaveLength(60);
    expect(values).toEqual(
      keys.map((key, index) => (index % 5 < 2 ? `cached:${key}` : `loaded:${key}`)),
    );
    expect(adapter.calls.map((call) => call.method)).toEqual([
      'getMany',
      'compareAndSet',
      'compareAndSet',
    ]);
    expect(adapter.calls[1]!.keys).toHaveLength(60);
    expect(adapter.calls[2]!.keys).toHaveLength(60);
  });

  it('keeps input order and duplicates; keys the loader leaves out are misses', async () => {
    const { cache } = setup();
    const values = await cache.getManyOrLoad(['a', 'b', 'a', 'c'], async (missing) => {
      expect(missing).toEqual(['a', 'b', 'c']);
      return new Map([
        ['a', 1],
        ['c', 3],
      ]);
    });
    expect(values).toEqual([1, undefined, 1, 3]);
  });

  it('accepts an array aligned with the missing keys', async () => {
    const { cache } = setup();
    expect(
      await cache.getManyOrLoad(['a', 'b'], async (missing) => missing.map((k) => k + k)),
    ).toEqual(['aa', 'bb']);
  });
});

describe('invalidate', () => {
  it('removes keys and tags from L2 and L1 in one call', async () => {
    const { cache } = setup();
    await cache.getOrLoad('a', async () => 'a1');
    await cache.getOrLoad('b', async () => 'b1', { tags: ['t'] });
    await cache.getOrLoad('c', async () => 'c1', { tags: (value) => [`v-${value}`] });
    await cache.invalidate({ keys: ['a'], tags: ['t', 'v-c1'] });
    expect(await cache.getOrLoad('a', async () => 'a2')).toBe('a2');
    expect(await cache.getOrLoad('b', async () => 'b2', { tags: ['t'] })).toBe('b2');
    expect(await cache.getOrLoad('c', async () => 'c2')).toBe('c2');
  });

  it('works across namespaces for tags and only in its namespace for keys', async () => {
    const { cache } = setup();
    const one = cache.namespace('one');
    const two = cache.namespace('two');
    await one.getOrLoad('k', async () => 1, { tags: ['shared'] });
    await two.getOrLoad('k', async () => 2);
    await one.invalidate({ keys: ['k'] });
    expect(await two.getOrLoad('k', async () => 20)).toBe(2);
    expect(await one.getOrLoad('k', async () => 10, { tags: ['shared'] })).toBe(10);
    await two.invalidate({ tags: ['shared'] });
    expect(await one.getOrLoad('k', async () => 100, { tags: ['shared'] })).toBe(100);
  });
});

describe('transaction', () => {
  it('defers invalidations to commit', async () => {
    const { cache } = setup();
    await cache.getOrLoad('k', async () => 'old');
    await cache.transaction(async () => {
      await cache.invalidate({ keys: ['k'] });
      // Pending in this transaction: the read bypasses the cache.
      expect(await cache.getOrLoad('k', async () => 'inside')).toBe('inside');
      // Outside the transaction the old value is still served until commit.
      expect(await cache.get('k')).toBeUndefined();
    });
    expect(await cache.getOrLoad('k', async () => 'new')).toBe('new');
  });

  it('drops invalidations on rollback', async () => {
    const { cache } = setup();
    await cache.getOrLoad('k', async () => 'old');
    await expect(
      cache.transaction(async () => {
        await cache.invalidate({ tags: ['x'], keys: ['k'] });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await cache.getOrLoad('k', async () => 'new')).toBe('old');
  });
});

describe('getOrLoad on an adapter with a native tag index', () => {
  it('fills through compareAndSetTagged, and key and tag invalidations reach its entries', async () => {
    const adapter = new NativeTagMapAdapter();
    const cache = createCache({ adapter, burst: false });
    expect(await cache.getOrLoad('a', async () => 'a1', { tags: ['t'] })).toBe('a1');
    expect(await cache.getOrLoad('b', async () => 'b1', { tags: (value) => [`v-${value}`] })).toBe(
      'b1',
    );
    expect(adapter.callsOf('compareAndSetTagged')).toHaveLength(2);
    expect(await cache.getOrLoad('a', async () => 'unused', { tags: ['t'] })).toBe('a1');
    await cache.invalidate({ tags: ['t', 'v-b1'] });
    expect(await cache.getOrLoad('a', async () => 'a2', { tags: ['t'] })).toBe('a2');
    expect(await cache.getOrLoad('b', async () => 'b2')).toBe('b2');
    await cache.invalidate({ keys: ['a'] });
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe('single-flight errors', () => {
  it('a loader error rejects every joiner; a failing batch leaves no unhandled rejection behind', async () => {
    const { cache } = setup();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failure = new Error('x failed');
    const first = cache.getOrLoad('x', async () => {
      await released;
      throw failure;
    });
    const joiner = cache.getOrLoad('x', async () => 'unused');
    // Joins the load of "x", and fails on its own load of "y" first.
    const batch = cache.getManyOrLoad(['x', 'y'], async () => {
      throw new Error('y failed');
    });
    await expect(batch).rejects.toThrow('y failed');
    release();
    await expect(first).rejects.toBe(failure);
    await expect(joiner).rejects.toBe(failure);
    expect(await cache.getOrLoad('x', async () => 'recovered')).toBe('recovered');
  });
});

describe('getOrLoad argument errors', () => {
  it('reject (never throw synchronously), also on the L1 hit path', async () => {
    const { cache } = setup();
    await cache.getOrLoad('k', async () => 1);
    const calls = [
      () => cache.getOrLoad('k', async () => 1, null as never),
      () => cache.getOrLoad('', async () => 1),
      () => cache.getOrLoad(7 as never, async () => 1),
      () => cache.getManyOrLoad('k' as never, async () => new Map()),
    ];
    for (const call of calls) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = call();
      }).not.toThrow();
      await promise!.catch(() => {});
    }
    await expect(cache.getOrLoad('', async () => 1)).rejects.toThrow(/must not be empty/);
  });
});

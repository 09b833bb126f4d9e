import { describe, expect, it } from 'vitest';
import { type CacheEvent, createCache, InvalidOptionsError } from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

/** A loader the test releases by hand (no timing). */
function gatedLoader<T>(value: T) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  return {
    load: async () => {
      calls++;
      await gate;
      return value;
    },
    release: () => release(),
    calls: () => calls,
  };
}

describe('callers joining a load in flight', () => {
  it('share one load and one frozen value, and count as joins and L1 misses', async () => {
    const events: CacheEvent[] = [];
    const cache = createCache({ adapter: new MapAdapter(), onEvent: (e) => events.push(e) });
    const loader = gatedLoader({ name: 'v' });
    const first = cache.getOrLoad('k', loader.load);
    await new Promise((resolve) => setImmediate(resolve));
    const joiners = [
      cache.getOrLoad('k', loader.load),
      cache.getOrLoad('k', loader.load, { ttlMilliseconds: 5000 }),
    ];
    loader.release();
    const values = await Promise.all([first, ...joiners]);
    expect(loader.calls()).toBe(1);
    expect(values[1]).toBe(values[0]);
    expect(values[2]).toBe(values[0]);
    expect(Object.isFrozen(values[0])).toBe(true);
    expect(cache.stats().total).toMatchObject({ joins: 2, l1: { hits: 0, misses: 3 } });
    const misses = events.filter((e) => e.type === 'miss' && e.layer === 'l1');
    expect(misses).toHaveLength(3);
  });

  it('validates the options of a joining caller (a rejection, never a synchronous throw)', async () => {
    const cache = createCache({ adapter: new MapAdapter() });
    const loader = gatedLoader('v');
    const first = cache.getOrLoad('k', loader.load);
    await new Promise((resolve) => setImmediate(resolve));
    let joined: Promise<unknown> | undefined;
    expect(() => {
      joined = cache.getOrLoad('k', loader.load, { ttlMilliseconds: 'soon' as never });
    }).not.toThrow();
    await expect(joined).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(
      cache.getOrLoad('k', loader.load, { unknown: true } as never),
    ).rejects.toBeInstanceOf(InvalidOptionsError);
    loader.release();
    expect(await first).toBe('v');
    expect(cache.stats().total.joins).toBe(0);
  });

  it('rejects every joiner with the load error, and a later caller starts a new load', async () => {
    const cache = createCache({ adapter: new MapAdapter() });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = async () => {
      await gate;
      throw new Error('source down');
    };
    const first = cache.getOrLoad('k', failing);
    await new Promise((resolve) => setImmediate(resolve));
    const joiner = cache.getOrLoad('k', failing);
    release();
    await expect(first).rejects.toThrow('source down');
    await expect(joiner).rejects.toThrow('source down');
    expect(await cache.getOrLoad('k', async () => 'fresh')).toBe('fresh');
  });
});

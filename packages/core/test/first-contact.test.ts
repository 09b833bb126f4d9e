import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  bindStore,
  ClosedError,
  createCache,
  defineStore,
  InvalidOptionsError,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

describe('mistakes a new user makes get a clear error', () => {
  it('getOrLoad after disposing only the adapter rejects with ClosedError instead of loading every time', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    await adapter.dispose();
    let loads = 0;
    const read = cache.getOrLoad('k', async () => {
      loads++;
      return 1;
    });
    await expect(read).rejects.toThrow(ClosedError);
    await expect(read).rejects.toThrow(/dispose the cache first/);
    expect(loads).toBe(0);
  });

  it('binding two different store definitions with one name to one cache is refused', () => {
    const cache = createCache({ adapter: new MapAdapter() });
    const strings = defineStore<number, string>({
      name: 'things',
      key: String,
      load: async () => 'a',
    });
    const objects = defineStore<number, { id: number }>({
      name: 'things',
      key: String,
      load: async (id) => ({ id }),
    });
    bindStore(cache, strings);
    bindStore(cache, strings);
    expect(() => bindStore(cache, objects)).toThrow(InvalidOptionsError);
    expect(() => bindStore(cache, objects)).toThrow(/already bound/);
    // Another namespace is another key space.
    expect(() => bindStore(cache.namespace('other'), objects)).not.toThrow();
  });

  it('getOrLoad is typed by its loader: undefined only when the loader can return it', async () => {
    const cache = createCache({ adapter: new MapAdapter() });
    const count = await cache.getOrLoad('count', async () => 42);
    expectTypeOf(count).toEqualTypeOf<number>();
    const maybe = await cache.getOrLoad('maybe', async () => (Math.random() > 2 ? 'x' : undefined));
    expectTypeOf(maybe).toEqualTypeOf<string | undefined>();
    expect(count).toBe(42);
    expect(maybe).toBeUndefined();
  });
});

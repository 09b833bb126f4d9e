import { describe, expect, it } from 'vitest';
import { createCache } from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

describe('adapter calls of a read-through miss', () => {
  it('one key: one getMany (entry + fence), then one set (not a one-entry setMany)', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    expect(await cache.getOrLoad('k', async () => ({ v: 1 }), { ttlMilliseconds: 60_000 })).toEqual(
      { v: 1 },
    );
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany', 'set']);
    // The entry written reads back through the fence check.
    adapter.resetCalls();
    expect(await cache.getOrLoad('k', async () => ({ v: 2 }))).toEqual({ v: 1 });
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany']);
  });

  it('two keys: one getMany, then one setMany', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    await cache.getManyOrLoad(['a', 'b'], async (keys) => keys.map((key) => key.toUpperCase()));
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany', 'setMany']);
  });
});

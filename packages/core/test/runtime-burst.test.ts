import { describe, expect, it } from 'vitest';
import { BurstLayer, l1KeyOf, rootL1Key } from '../src/burst/burst-layer.js';
import { BURST_DEFAULTS } from '../src/burst/burst-options.js';
import { CachedValue } from '../src/burst/cached-value.js';
import { createCache, InvalidOptionsError, serializeValue } from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

describe('burst layer options', () => {
  it('is on by default with documented defaults, and off with burst: false', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter });
    expect(cache.stats().burst).toMatchObject({
      maxItems: BURST_DEFAULTS.maxItems,
      maxBytes: BURST_DEFAULTS.maxBytes,
    });
    const off = createCache({ adapter, burst: false });
    await off.getOrLoad('k', async () => 1);
    adapter.resetCalls();
    await off.getOrLoad('k', async () => 2);
    expect(adapter.calls.map((call) => call.method)).toEqual(['get']);
  });

  it.each([
    [{ ttlMilliseconds: 0 }, /burst.ttlMilliseconds/],
    [{ maxItems: 1.5 }, /burst.maxItems/],
    [{ maxBytes: -1 }, /burst.maxBytes/],
    [{ size: 1 }, /unknown option "burst.size"/],
    ['on', /"burst"/],
  ])('refuses burst %j', (burst, message) => {
    expect(() => createCache({ adapter: new MapAdapter(), burst: burst as never })).toThrow(
      message,
    );
    expect(() => createCache({ adapter: new MapAdapter(), burst: burst as never })).toThrow(
      InvalidOptionsError,
    );
  });

  it('a namespace can opt out of L1 or shorten its TTL; others keep the root policy', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter });
    const cold = cache.namespace('cold', { burst: false });
    await cold.getOrLoad('k', async () => 1);
    expect(cache.stats().burst!.items).toBe(0);
    await cache.namespace('warm').getOrLoad('k', async () => 1);
    expect(cache.stats().burst!.items).toBe(1);
    expect(() => cache.namespace('x', { size: 1 } as never)).toThrow(/unknown namespace option/);
  });

  it('an L1 entry never outlives the L2 TTL of its load', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: { ttlMilliseconds: 600_000 } });
    await cache.getOrLoad('k', async () => 'v1', { ttlMilliseconds: 30 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await cache.getOrLoad('k', async () => 'v2')).toBe('v2');
  });
});

describe('BurstLayer', () => {
  const value = (text: string) => CachedValue.fromBody(serializeValue(text));

  it('maps adapter keys to L1 keys injectively', () => {
    expect(l1KeyOf('e:abc')).toBe('abc');
    expect(l1KeyOf('e:eabc')).toBe('e:eabc');
    expect(l1KeyOf('e/ns:abc')).toBe('e/ns:abc');
    expect(rootL1Key('abc')).toBe('abc');
    expect(rootL1Key('e/ns:abc')).toBe('e:e/ns:abc');
    // The root key "e/ns:abc" and the key "abc" of namespace "ns" stay apart.
    expect(rootL1Key('e/ns:abc')).not.toBe(l1KeyOf('e/ns:abc'));
  });

  it('drops by tag, and its tag index does not outlive evicted entries', () => {
    const layer = new BurstLayer({ ttlMilliseconds: 60_000, maxItems: 5, maxBytes: 1_000_000 });
    for (let index = 0; index < 50; index++) {
      layer.set(`e:k${index}`, value('v'), [`t:${index}`, 't:shared'], 60_000);
    }
    expect(layer.size).toBe(5);
    expect(layer.indexedTags).toBe(6);
    layer.drop([], ['t:shared']);
    expect(layer.size).toBe(0);
    expect(layer.indexedTags).toBe(0);
  });

  it('refuses an entry larger than maxBytes instead of flushing everything for it', () => {
    const layer = new BurstLayer({ ttlMilliseconds: 60_000, maxItems: 5, maxBytes: 200 });
    layer.set('e:small', value('s'), [], 60_000);
    layer.set('e:big', value('x'.repeat(500)), [], 60_000);
    expect(layer.get('e:small')).toBeDefined();
    expect(layer.get('e:big')).toBeUndefined();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { CACHE_DEFAULTS, type Cache, createCache } from '../src/index.js';
import { unfencedTtlCapMilliseconds } from '../src/runtime/unfenced-ttl-cap.js';
import { createMapAdapter, STORE_KIT_DEFAULTS } from '../src/testing/index.js';
import { recordEntries } from '../src/testing/store-kit/entry-recorder.js';

// The store kit reads a stored TTL of exactly unfencedTtlCapMilliseconds(fence TTL)
// as "no expiry". These tests pin that function to what the runtime really stores,
// so a change of the runtime's cap fails here, not as a puzzling store-kit failure.
const NOW = Date.UTC(2030, 0, 1);
const FENCE_TTLS = {
  'the default key fence TTL': CACHE_DEFAULTS.keyFenceTtlMilliseconds,
  "the store kit's key fence TTL": STORE_KIT_DEFAULTS.keyFenceTtlMilliseconds,
  'a short key fence TTL': 60_000,
};

describe.each(Object.entries(FENCE_TTLS))('unfenced TTL cap, %s', (_, fenceTtl) => {
  let cache: Cache | undefined;
  afterEach(async () => {
    await cache?.dispose();
    vi.useRealTimers();
  });

  const setup = () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const recorded = recordEntries(createMapAdapter());
    cache = createCache({
      adapter: recorded.adapter,
      burst: false,
      keyFenceTtlMilliseconds: fenceTtl,
    });
    const storedTtl = (key: string): number | undefined => {
      const entry = recorded.written.filter((written) => written.key === key).at(-1);
      expect(entry, `an entry was written for ${key}`).toBeDefined();
      return entry!.expiresAt === undefined ? undefined : entry!.expiresAt - NOW;
    };
    return { cache, storedTtl };
  };
  const cap = unfencedTtlCapMilliseconds(fenceTtl);

  it('a first load that asks for no expiry is stored with exactly the cap', async () => {
    const { cache, storedTtl } = setup();
    await cache.getOrLoad('one', () => 1);
    await cache.getManyOrLoad(['two'], async () => new Map([['two', 2]]));
    expect(storedTtl('one')).toBe(cap);
    expect(storedTtl('two')).toBe(cap);
  });

  it('a first load that asks for more than the cap gets the cap; less, what it asked for', async () => {
    const { cache, storedTtl } = setup();
    await cache.getOrLoad('long', () => 1, { ttlMilliseconds: fenceTtl });
    await cache.getOrLoad('short', () => 1, { ttlMilliseconds: cap - 1 });
    expect(storedTtl('long')).toBe(cap);
    expect(storedTtl('short')).toBe(cap - 1);
  });

  it('a load after a key fence exists is not capped', async () => {
    const { cache, storedTtl } = setup();
    await cache.invalidate({ keys: ['fenced'] });
    await cache.getOrLoad('fenced', () => 1);
    expect(storedTtl('fenced')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { type CacheEvent, createCache, InvalidOptionsError } from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

// L1 enforces its own TTL (lru-cache on the real clock): short real waits.
const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const failing = async (): Promise<string> => {
  throw new Error('backend down');
};
// Short L1 and L2 TTLs, so after the wait both layers miss and the loader runs.
const SHORT = { ttlMilliseconds: 20 } as const;

describe('stale-if-error', () => {
  it('is off by default: a failing load rejects once L1 and L2 expired', async () => {
    const cache = createCache({ adapter: new MapAdapter(), burst: { ttlMilliseconds: 20 } });
    await cache.getOrLoad('k', async () => 'v1', SHORT);
    await wait(50);
    await expect(cache.getOrLoad('k', failing, SHORT)).rejects.toThrow('backend down');
  });

  it('serves the expired L1 value when the load fails within the window, and reports it', async () => {
    const events: CacheEvent[] = [];
    const cache = createCache({
      adapter: new MapAdapter(),
      burst: { ttlMilliseconds: 20 },
      staleIfErrorMilliseconds: 60_000,
      onEvent: (event) => events.push(event),
    });
    await cache.getOrLoad('k', async () => 'v1', SHORT);
    await cache.getOrLoad('j', async () => 'j1', SHORT);
    await wait(50);
    expect(await cache.getOrLoad('k', failing, SHORT)).toBe('v1');
    expect(await cache.getManyOrLoad(['k', 'j'], failing as never, SHORT)).toEqual(['v1', 'j1']);
    expect(events.filter((event) => event.type === 'stale')).toHaveLength(2);
    expect(cache.stats().total.staleHits).toBe(3);
    // A batch with a key that has no stale value fails as a whole.
    await expect(cache.getManyOrLoad(['k', 'new'], failing as never, SHORT)).rejects.toThrow(
      'backend down',
    );
  });

  it('never serves a value an invalidation ended, nor one older than the window', async () => {
    const cache = createCache({
      adapter: new MapAdapter(),
      burst: { ttlMilliseconds: 20 },
      staleIfErrorMilliseconds: 40,
    });
    await cache.getOrLoad('invalidated', async () => 'v1', SHORT);
    await cache.getOrLoad('old', async () => 'v1', SHORT);
    await cache.invalidate({ keys: ['invalidated'] });
    await wait(30);
    await expect(cache.getOrLoad('invalidated', failing, SHORT)).rejects.toThrow('backend down');
    await wait(60);
    await expect(cache.getOrLoad('old', failing, SHORT)).rejects.toThrow('backend down');
  });

  it('validates the option', () => {
    expect(() => createCache({ adapter: new MapAdapter(), staleIfErrorMilliseconds: -1 })).toThrow(
      InvalidOptionsError,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { type CacheEvent, createCache } from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

describe('events', () => {
  it('reports hits and misses per layer, loads, load errors and invalidations', async () => {
    const events: CacheEvent[] = [];
    const cache = createCache({
      adapter: new MapAdapter(),
      onEvent: (event) => events.push(event),
    });
    const users = cache.namespace('users');
    await users.getOrLoad('u1', async () => 'v');
    await users.getOrLoad('u1', async () => 'unused');
    await expect(
      users.getOrLoad('u2', async () => Promise.reject(new Error('x'))),
    ).rejects.toThrow();
    await users.invalidate({ keys: ['u1'] });
    const summary = events.map((event) => {
      switch (event.type) {
        case 'hit':
        case 'miss':
          return `${event.type}:${event.layer}:${event.namespace}/${event.key}`;
        case 'load':
        case 'load-error':
          return `${event.type}:${event.keys.join(',')}`;
        case 'invalidate':
          return `invalidate:${event.keys.join(',')}`;
        default:
          return event.type;
      }
    });
    expect(summary).toEqual([
      'miss:l1:users/u1',
      'miss:l2:users/u1',
      'load:u1',
      'hit:l1:users/u1',
      'miss:l1:users/u2',
      'miss:l2:users/u2',
      'load-error:u2',
      'invalidate:e/users:u1',
    ]);
    const load = events.find((event) => event.type === 'load');
    expect(load?.type === 'load' && load.durationMilliseconds).toBeGreaterThanOrEqual(0);
  });

  it('on/off add and remove listeners; a throwing listener does not break the cache', async () => {
    const cache = createCache({ adapter: new MapAdapter() });
    const seen: string[] = [];
    const listener = (payload: { key: string }) => seen.push(payload.key);
    cache.on('hit', listener);
    cache.on('hit', () => {
      throw new Error('broken listener');
    });
    await cache.getOrLoad('a', async () => 1);
    expect(await cache.getOrLoad('a', async () => 2)).toBe(1);
    cache.off('hit', listener);
    await cache.getOrLoad('a', async () => 2);
    expect(seen).toEqual(['a']);
  });

  it('emits a backend-error event when L2 fails (reads fall through)', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter });
    const errors: unknown[] = [];
    cache.on('backend-error', (event) => errors.push(event.operation));
    adapter.get = () => Promise.reject(new Error('down'));
    adapter.getMany = () => Promise.reject(new Error('down'));
    expect(await cache.getOrLoad('a', async () => 'loaded')).toBe('loaded');
    expect(errors).toEqual(['read']);
  });
});

describe('stats', () => {
  it('counts per layer and per namespace, with latency percentiles and burst occupancy', async () => {
    const cache = createCache({ adapter: new MapAdapter(), burst: { maxItems: 100 } });
    const users = cache.namespace('users');
    await users.getOrLoad('u1', async () => 'v');
    await users.getOrLoad('u1', async () => 'v');
    await Promise.all([
      cache.getOrLoad('r', async () => 'r'),
      cache.getOrLoad('r', async () => 'r'),
    ]);
    await cache.getManyOrLoad(['m1', 'm2', 'r'], async (keys) => keys.map((key) => key));
    await users.invalidate({ keys: ['u1'] });
    const stats = cache.stats();
    expect(stats.namespaces.users).toMatchObject({
      l1: { hits: 1, misses: 1 },
      l2: { hits: 0, misses: 1, errors: 0 },
      loads: { calls: 1, keys: 1, errors: 0 },
      invalidations: 1,
    });
    expect(stats.namespaces['']).toMatchObject({
      l1: { hits: 1, misses: 4 },
      loads: { calls: 2, keys: 3 },
      joins: 1,
    });
    expect(stats.total.loads.calls).toBe(3);
    expect(stats.total.l2.latency.count).toBe(3);
    expect(stats.total.loads.latency.count).toBe(3);
    expect(stats.total.loads.latency.p99).toBeGreaterThanOrEqual(stats.total.loads.latency.p50);
    expect(stats.burst).toMatchObject({ items: 3, maxItems: 100 });
    expect(stats.burst!.bytes).toBeGreaterThan(0);
    expect(createCache({ adapter: new MapAdapter(), burst: false }).stats().burst).toBeUndefined();
  });
});

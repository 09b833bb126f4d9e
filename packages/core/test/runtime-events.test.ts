import { describe, expect, it } from 'vitest';
import {
  attachListeners,
  CACHE_EVENT_NAMES,
  type CacheEvent,
  type CacheEventMap,
  createCache,
  errorType,
  TimeoutError,
} from '../src/index.js';
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
        case 'l2-read':
          return `l2-read:${event.namespace}:${event.found}/${event.keys}`;
        default:
          return event.type;
      }
    });
    expect(summary).toEqual([
      'miss:l1:users/u1',
      'l2-read:users:0/1',
      'miss:l2:users/u1',
      'load:u1',
      'hit:l1:users/u1',
      'miss:l1:users/u2',
      'l2-read:users:0/1',
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

  it('l2-read: one event per L2 round trip of getOrLoad/getManyOrLoad, with batch size, found and duration', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter });
    const reads: Array<CacheEventMap['l2-read']> = [];
    await cache.getOrLoad('a', async () => 1);
    cache.on('l2-read', (event) => reads.push(event));
    const other = createCache({ adapter });
    other.on('l2-read', (event) => reads.push(event));
    await other.getManyOrLoad(['a', 'b', 'c'], async (keys) => keys.map(() => 2));
    adapter.getMany = () => Promise.reject(new Error('down'));
    await other.getManyOrLoad(['x', 'y'], async (keys) => keys.map(() => 3));
    expect(
      reads.map(({ namespace, keys, found, error }) => ({ namespace, keys, found, error })),
    ).toEqual([
      { namespace: '', keys: 3, found: 1, error: undefined },
      { namespace: '', keys: 2, found: 0, error: new Error('down') },
    ]);
    expect(reads.every((event) => event.durationMilliseconds >= 0)).toBe(true);
  });

  it('CACHE_EVENT_NAMES lists the events; attachListeners skips names this core does not emit', async () => {
    expect(CACHE_EVENT_NAMES).toContain('l2-read');
    const cache = createCache({ adapter: new MapAdapter() });
    const seen: string[] = [];
    const detach = attachListeners(cache, {
      load: (event: CacheEventMap['load']) => seen.push(`load:${event.keys.join(',')}`),
      'not-an-event-yet': () => seen.push('never'),
    });
    await cache.getOrLoad('a', async () => 1);
    detach();
    detach();
    await cache.getOrLoad('b', async () => 1);
    expect(seen).toEqual(['load:a']);
  });

  it('errorType names an error by its code, else its name', () => {
    expect(errorType(new TimeoutError('slow'))).toBe('PC_TIMEOUT');
    expect(errorType(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED',
    );
    expect(errorType(new RangeError('x'))).toBe('RangeError');
    expect(errorType('a string')).toBe('_OTHER');
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

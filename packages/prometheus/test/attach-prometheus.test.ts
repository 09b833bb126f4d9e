import { createMemoryAdapter } from '@pc/adapter-memory';
import { CACHE_EVENT_NAMES, type CacheAdapter, createCache, InvalidOptionsError } from '@pc/core';
import { switchable } from '@pc/core/testing';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { attachPrometheus } from '../src/index.js';
import { sample } from './prometheus-text.js';

function setup(adapter: CacheAdapter = createMemoryAdapter()) {
  return {
    registry: new Registry(),
    cache: createCache({ adapter, defaultTtlMilliseconds: 60_000 }),
  };
}

describe('attachPrometheus', () => {
  it('exposes hits and misses by layer and namespace from the cache counters', async () => {
    const { registry, cache } = setup();
    attachPrometheus(cache, { registry });
    await cache.getOrLoad('a', () => 1);
    await cache.getOrLoad('a', () => 1);
    await cache.getOrLoad('a', () => 1);
    await cache.namespace('users').getOrLoad('u', () => 2);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE pc_cache_hits_total counter');
    expect(await sample(registry, 'pc_cache_hits_total', { namespace: '', layer: 'l1' })).toBe(2);
    expect(await sample(registry, 'pc_cache_misses_total', { namespace: '', layer: 'l1' })).toBe(1);
    expect(await sample(registry, 'pc_cache_misses_total', { namespace: '', layer: 'l2' })).toBe(1);
    expect(
      await sample(registry, 'pc_cache_misses_total', { namespace: 'users', layer: 'l1' }),
    ).toBe(1);
    // Scraping twice reports the same totals (counters are set from the cache, not added to).
    expect(await sample(registry, 'pc_cache_hits_total', { namespace: '', layer: 'l1' })).toBe(2);
    await cache.dispose();
  });

  it('exposes load and L2 read durations as histograms in seconds, and loaded keys', async () => {
    const { registry, cache } = setup();
    attachPrometheus(cache, { registry });
    await cache.getOrLoad('a', () => 'x');
    await cache.getManyOrLoad(['b', 'c'], async (keys) => keys.map((key) => `v${key}`));
    const text = await registry.metrics();
    expect(text).toContain('# TYPE pc_cache_load_duration_seconds histogram');
    expect(await sample(registry, 'pc_cache_load_duration_seconds_count', { namespace: '' })).toBe(
      2,
    );
    expect(
      await sample(registry, 'pc_cache_load_duration_seconds_bucket', {
        namespace: '',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(
      await sample(registry, 'pc_cache_load_duration_seconds_bucket', {
        namespace: '',
        le: '0.0001',
      }),
    ).toBeDefined();
    expect(await sample(registry, 'pc_cache_load_keys_total', { namespace: '' })).toBe(3);
    expect(
      await sample(registry, 'pc_cache_l2_read_duration_seconds_count', { namespace: '' }),
    ).toBe(2);
    await cache.dispose();
  });

  it('counts errors by operation and code, invalidations, corrupt entries', async () => {
    const adapter = switchable(createMemoryAdapter());
    const { registry, cache } = setup(adapter);
    attachPrometheus(cache, { registry });
    await expect(
      cache.getOrLoad('a', () => {
        throw new TypeError('loader broke');
      }),
    ).rejects.toThrow('loader broke');
    await adapter.set('e:broken', { payload: 'not an entry of pc' });
    await cache.getOrLoad('broken', () => 'fresh');
    await cache.invalidate({ keys: ['a'] });
    await cache.transaction(() => cache.invalidate({ tags: ['t'] }));
    adapter.failing.add('get').add('getMany');
    await expect(cache.getOrLoad('z', () => 'loaded')).resolves.toBe('loaded');
    expect(
      await sample(registry, 'pc_cache_errors_total', {
        operation: 'load',
        error_type: 'TypeError',
      }),
    ).toBe(1);
    expect(
      await sample(registry, 'pc_cache_errors_total', {
        operation: 'read',
        error_type: 'PC_BACKEND_UNAVAILABLE',
      }),
    ).toBe(1);
    expect(
      await sample(registry, 'pc_cache_l2_read_duration_seconds_count', {
        namespace: '',
        error_type: 'PC_BACKEND_UNAVAILABLE',
      }),
    ).toBe(1);
    expect(await sample(registry, 'pc_cache_corrupt_entries_total', { namespace: '' })).toBe(1);
    expect(await sample(registry, 'pc_cache_invalidations_total', { deferred: 'false' })).toBe(2);
    expect(await sample(registry, 'pc_cache_invalidations_total', { deferred: 'true' })).toBe(1);
    await cache.dispose();
  });

  it('adds fixed labels and a prefix, so two caches share one registry', async () => {
    const registry = new Registry();
    const users = createCache({ adapter: createMemoryAdapter(), defaultTtlMilliseconds: 60_000 });
    const pages = createCache({ adapter: createMemoryAdapter(), defaultTtlMilliseconds: 60_000 });
    attachPrometheus(users, { registry, labels: { cache: 'users' } });
    expect(() => attachPrometheus(pages, { registry })).toThrow(/"pc_cache_hits_total".*"prefix"/);
    attachPrometheus(pages, { registry, prefix: 'pages_' });
    await users.getOrLoad('a', () => 1);
    await pages.getOrLoad('a', () => 1);
    await pages.getOrLoad('b', () => 1);
    expect(
      await sample(registry, 'pc_cache_misses_total', {
        cache: 'users',
        namespace: '',
        layer: 'l1',
      }),
    ).toBe(1);
    expect(await sample(registry, 'pages_misses_total', { namespace: '', layer: 'l1' })).toBe(2);
    await users.dispose();
    await pages.dispose();
  });

  it('counts keys served from grace, by reason (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const registry = new Registry();
      const cache = createCache({
        adapter: createMemoryAdapter(),
        defaultTtlMilliseconds: 1_000,
        graceMilliseconds: 60_000,
        burst: false,
      });
      attachPrometheus(cache, { registry });
      await cache.getOrLoad('a', () => 'v1');
      vi.setSystemTime(Date.now() + 5_000);
      await expect(
        cache.getOrLoad('a', () => {
          throw new Error('database down');
        }),
      ).resolves.toBe('v1');
      expect(
        await sample(registry, 'pc_cache_grace_served_total', { namespace: '', reason: 'error' }),
      ).toBe(1);
      await cache.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('has no breaker gauge while the installed core emits no breaker event', async () => {
    const { registry, cache } = setup();
    attachPrometheus(cache, { registry });
    const names: readonly string[] = CACHE_EVENT_NAMES;
    expect((await registry.metrics()).includes('pc_cache_breaker_state')).toBe(
      names.includes('breaker'),
    );
    await cache.dispose();
  });

  it('listens to no event of the hit path (hits and misses come from the cache counters)', () => {
    const { registry, cache } = setup();
    const subscribed: string[] = [];
    const on = cache.on.bind(cache);
    cache.on = ((name: Parameters<typeof on>[0], listener: never) => {
      subscribed.push(name);
      return on(name, listener);
    }) as typeof cache.on;
    attachPrometheus(cache, { registry });
    expect(subscribed).toContain('load');
    expect(subscribed).not.toContain('hit');
    expect(subscribed).not.toContain('miss');
  });

  it('detaches: listeners removed and metrics unregistered, idempotent', async () => {
    const { registry, cache } = setup();
    const detach = attachPrometheus(cache, { registry });
    await cache.getOrLoad('a', () => 1);
    detach();
    detach();
    expect(registry.getMetricsAsArray()).toHaveLength(0);
    const again = attachPrometheus(cache, { registry });
    await cache.getOrLoad('b', () => 1);
    // Only the load after the new attach is in the histogram; hits come from the cache's counters.
    expect(await sample(registry, 'pc_cache_load_duration_seconds_count', { namespace: '' })).toBe(
      1,
    );
    expect(await sample(registry, 'pc_cache_misses_total', { namespace: '', layer: 'l1' })).toBe(2);
    again();
    await cache.dispose();
  });

  it('rejects bad options with the option name and the value', () => {
    const { registry, cache } = setup();
    expect(() => attachPrometheus(cache, undefined as never)).toThrow(InvalidOptionsError);
    expect(() => attachPrometheus(cache, { registry: {} as never })).toThrow(/"registry"/);
    expect(() => attachPrometheus(cache, { registry, prefix: '1x' })).toThrow(/"prefix".*"1x"/);
    expect(() => attachPrometheus(cache, { registry, labels: { layer: 'x' } })).toThrow(/"layer"/);
    expect(() => attachPrometheus(cache, { registry, durationBucketsSeconds: [2, 1] })).toThrow(
      /durationBucketsSeconds.*\[2,1\]/,
    );
    expect(() => attachPrometheus(cache, { registry, buckets: [] } as never)).toThrow(/"buckets"/);
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });
});

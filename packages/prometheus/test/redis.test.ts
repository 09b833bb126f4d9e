import { createRedisAdapter } from '@pc/adapter-redis';
import { createCache } from '@pc/core';
import { testServices } from '@pc/test-services';
import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { attachPrometheus } from '../src/index.js';
import { sample } from './prometheus-text.js';

const { redis } = testServices();

it('exposes L2 hits, L2 read durations and loads of a cache on real Redis', async () => {
  const namespace = `prometheus-${Math.random().toString(36).slice(2, 8)}`;
  const connect = () => createRedisAdapter({ url: redis.url, namespace });
  const writer = createCache({ adapter: connect(), defaultTtlMilliseconds: 60_000 });
  const reader = createCache({ adapter: connect(), defaultTtlMilliseconds: 60_000 });
  const registry = new Registry();
  const detach = attachPrometheus(reader, { registry, labels: { service: 'test' } });
  try {
    await writer.getManyOrLoad(['a', 'b'], async (keys) => keys.map((key) => `v${key}`));
    await expect(reader.getManyOrLoad(['a', 'b', 'c'], async () => ['vc'])).resolves.toEqual([
      'va',
      'vb',
      'vc',
    ]);
    const labels = { service: 'test', namespace: '' };
    expect(await sample(registry, 'pc_cache_hits_total', { ...labels, layer: 'l2' })).toBe(2);
    expect(await sample(registry, 'pc_cache_misses_total', { ...labels, layer: 'l2' })).toBe(1);
    expect(await sample(registry, 'pc_cache_l2_read_duration_seconds_count', labels)).toBe(1);
    expect(await sample(registry, 'pc_cache_load_keys_total', labels)).toBe(1);
    expect(await sample(registry, 'pc_cache_load_duration_seconds_count', labels)).toBe(1);
  } finally {
    detach();
    await reader.clear();
    await writer.dispose();
    await reader.dispose();
  }
});

import { createRedisAdapter } from '@pc/adapter-redis';
import { createCache } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterEach, expect, it } from 'vitest';
import { ATTRIBUTE_NAMES, attachOpenTelemetry, METRIC_NAMES, SPAN_NAMES } from '../src/index.js';
import { createOtelHarness, pointValue } from './otel-harness.js';

const { redis } = testServices();
const harness = createOtelHarness();
afterEach(() => harness.shutdown());

it('records L2 reads, hits and loads of a cache on real Redis', async () => {
  const namespace = `otel-${Math.random().toString(36).slice(2, 8)}`;
  const writer = createCache({
    adapter: createRedisAdapter({ url: redis.url, namespace }),
    defaultTtlMilliseconds: 60_000,
  });
  const reader = createCache({
    adapter: createRedisAdapter({ url: redis.url, namespace }),
    defaultTtlMilliseconds: 60_000,
  });
  const detach = attachOpenTelemetry(reader, harness.providers);
  try {
    await writer.getOrLoad('k', () => 'v');
    await expect(reader.getOrLoad('k', () => 'not called')).resolves.toBe('v');
    await expect(reader.getOrLoad('k', () => 'not called')).resolves.toBe('v');
    const metrics = await harness.metrics();
    const { layer, namespace: namespaceName, result } = ATTRIBUTE_NAMES;
    expect(pointValue(metrics.get(METRIC_NAMES.hits), { [namespaceName]: '', [layer]: 'l2' })).toBe(
      1,
    );
    expect(pointValue(metrics.get(METRIC_NAMES.hits), { [namespaceName]: '', [layer]: 'l1' })).toBe(
      1,
    );
    expect(metrics.has(METRIC_NAMES.loadDuration)).toBe(false);
    const reads = harness.spans().filter((span) => span.name === SPAN_NAMES.l2Read);
    expect(reads.map((span) => span.attributes[result])).toEqual(['hit']);
  } finally {
    detach();
    await reader.clear();
    await writer.dispose();
    await reader.dispose();
  }
});

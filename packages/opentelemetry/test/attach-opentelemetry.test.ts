import type { HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { createMemoryAdapter } from '@pc/adapter-memory';
import { CACHE_EVENT_NAMES, type CacheAdapter, createCache, InvalidOptionsError } from '@pc/core';
import { switchable } from '@pc/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ATTRIBUTE_NAMES, attachOpenTelemetry, METRIC_NAMES, SPAN_NAMES } from '../src/index.js';
import { createOtelHarness, pointValue } from './otel-harness.js';

const { namespace, layer, result, batchSize, hits, operation, errorType } = ATTRIBUTE_NAMES;
const harnesses: Array<ReturnType<typeof createOtelHarness>> = [];

function setup(adapter: CacheAdapter = createMemoryAdapter()) {
  const harness = createOtelHarness();
  harnesses.push(harness);
  const cache = createCache({ adapter, defaultTtlMilliseconds: 60_000 });
  return { harness, cache };
}

afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.shutdown();
});

describe('attachOpenTelemetry metrics', () => {
  it('counts hits and misses by layer and namespace from the cache counters', async () => {
    const { harness, cache } = setup();
    const detach = attachOpenTelemetry(cache, harness.providers);
    const users = cache.namespace('users');
    await cache.getOrLoad('a', () => 1); // L1 miss, L2 miss, load
    await cache.getOrLoad('a', () => 1); // L1 hit
    await cache.getOrLoad('a', () => 1); // L1 hit
    await users.getOrLoad('u', () => 2);
    const metrics = await harness.metrics();
    const hitCounter = metrics.get(METRIC_NAMES.hits);
    const missCounter = metrics.get(METRIC_NAMES.misses);
    expect(pointValue(hitCounter, { [namespace]: '', [layer]: 'l1' })).toBe(2);
    expect(pointValue(missCounter, { [namespace]: '', [layer]: 'l1' })).toBe(1);
    expect(pointValue(missCounter, { [namespace]: '', [layer]: 'l2' })).toBe(1);
    expect(pointValue(hitCounter, { [namespace]: '', [layer]: 'l2' })).toBe(0);
    expect(pointValue(missCounter, { [namespace]: 'users', [layer]: 'l1' })).toBe(1);
    expect(hitCounter?.descriptor.unit).toBe('{read}');
    detach();
    await cache.dispose();
  });

  it('records load durations and L2 read durations as histograms, in seconds', async () => {
    const { harness, cache } = setup();
    attachOpenTelemetry(cache, harness.providers);
    await cache.getOrLoad('a', () => 'x');
    await cache.getManyOrLoad(['b', 'c'], async (keys) => keys.map((key) => `v${key}`));
    const metrics = await harness.metrics();
    const loads = metrics.get(METRIC_NAMES.loadDuration) as HistogramMetricData;
    expect(loads.descriptor.unit).toBe('s');
    const point = loads.dataPoints.find((candidate) => candidate.attributes[namespace] === '');
    expect(point?.value.count).toBe(2);
    expect(point?.value.buckets.boundaries[0]).toBe(0.0001);
    expect(pointValue(metrics.get(METRIC_NAMES.loadKeys), { [namespace]: '' })).toBe(3);
    const reads = metrics.get(METRIC_NAMES.l2ReadDuration) as HistogramMetricData;
    expect(reads.dataPoints[0]?.value.count).toBe(2);
    const stats = cache.stats().total;
    expect(stats.l2.latency.count).toBe(2);
    await cache.dispose();
  });

  it('counts errors by operation and code, invalidations and stale serves', async () => {
    const { harness, cache } = setup();
    attachOpenTelemetry(cache, harness.providers);
    await expect(
      cache.getOrLoad('a', () => {
        throw new TypeError('loader broke');
      }),
    ).rejects.toThrow('loader broke');
    await cache.invalidate({ keys: ['a'] });
    await cache.invalidate({ tags: ['t'] });
    const metrics = await harness.metrics();
    const errors = metrics.get(METRIC_NAMES.errors);
    expect(pointValue(errors, { [operation]: 'load', [errorType]: 'TypeError' })).toBe(1);
    expect(
      pointValue(metrics.get(METRIC_NAMES.invalidations), {
        [ATTRIBUTE_NAMES.deferred]: false,
      }),
    ).toBe(2);
    await cache.dispose();
  });

  it('counts a failing L2 by its pc error code and tags the L2 read duration with it', async () => {
    const adapter = switchable(createMemoryAdapter());
    const { harness, cache } = setup(adapter);
    attachOpenTelemetry(cache, harness.providers);
    adapter.failing.add('get').add('getMany');
    await expect(cache.getOrLoad('a', () => 'loaded')).resolves.toBe('loaded');
    const metrics = await harness.metrics();
    expect(
      pointValue(metrics.get(METRIC_NAMES.errors), {
        [operation]: 'read',
        [errorType]: 'PC_BACKEND_UNAVAILABLE',
      }),
    ).toBe(1);
    const reads = metrics.get(METRIC_NAMES.l2ReadDuration) as HistogramMetricData;
    expect(reads.dataPoints[0]?.attributes[errorType]).toBe('PC_BACKEND_UNAVAILABLE');
    const span = harness.spans().find((candidate) => candidate.name === SPAN_NAMES.l2Read);
    expect(span?.status.code).toBe(2); // SpanStatusCode.ERROR
    await cache.dispose();
  });

  it('counts corrupt entries', async () => {
    const adapter = createMemoryAdapter();
    const { harness, cache } = setup(adapter);
    attachOpenTelemetry(cache, harness.providers);
    await adapter.set('e:broken', { payload: 'not an entry of pc' });
    await expect(cache.getOrLoad('broken', () => 'fresh')).resolves.toBe('fresh');
    const metrics = await harness.metrics();
    expect(pointValue(metrics.get(METRIC_NAMES.corruptEntries), { [namespace]: '' })).toBe(1);
    await cache.dispose();
  });

  it('adds the given attributes to every point and span', async () => {
    const { harness, cache } = setup();
    attachOpenTelemetry(cache, { ...harness.providers, attributes: { 'pc.cache.name': 'users' } });
    await cache.getOrLoad('a', () => 1);
    const metrics = await harness.metrics();
    expect(
      pointValue(metrics.get(METRIC_NAMES.misses), { 'pc.cache.name': 'users', [layer]: 'l1' }),
    ).toBe(1);
    expect(harness.spans().every((span) => span.attributes['pc.cache.name'] === 'users')).toBe(
      true,
    );
    await cache.dispose();
  });

  it('counts keys served from grace, by reason (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const harness = createOtelHarness();
      harnesses.push(harness);
      const cache = createCache({
        adapter: createMemoryAdapter(),
        defaultTtlMilliseconds: 1_000,
        graceMilliseconds: 60_000,
        burst: false,
      });
      attachOpenTelemetry(cache, harness.providers);
      await cache.getOrLoad('a', () => 'v1');
      vi.setSystemTime(Date.now() + 5_000);
      await expect(
        cache.getOrLoad('a', () => {
          throw new Error('database down');
        }),
      ).resolves.toBe('v1');
      const metrics = await harness.metrics();
      expect(
        pointValue(metrics.get(METRIC_NAMES.graceServed), {
          [namespace]: '',
          [ATTRIBUTE_NAMES.graceReason]: 'error',
        }),
      ).toBe(1);
      await cache.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('has no breaker gauge while the installed core emits no breaker event', async () => {
    const { harness, cache } = setup();
    attachOpenTelemetry(cache, harness.providers);
    await cache.getOrLoad('a', () => 1);
    const names: readonly string[] = CACHE_EVENT_NAMES;
    expect((await harness.metrics()).has(METRIC_NAMES.breakerState)).toBe(
      names.includes('breaker'),
    );
    await cache.dispose();
  });
});

describe('attachOpenTelemetry spans', () => {
  it('records a span per loader call and per L2 round trip, back-dated by its duration', async () => {
    const { harness, cache } = setup();
    attachOpenTelemetry(cache, harness.providers);
    await cache.getManyOrLoad(['a', 'b', 'c'], async (keys) => keys.map((key) => key));
    await cache.namespace('n').getOrLoad('k', () => 'v');
    const spans = harness.spans();
    const loads = spans.filter((span) => span.name === SPAN_NAMES.load);
    const reads = spans.filter((span) => span.name === SPAN_NAMES.l2Read);
    expect(loads.map((span) => span.attributes)).toEqual([
      { [namespace]: '', [result]: 'miss', [batchSize]: 3 },
      { [namespace]: 'n', [result]: 'miss', [batchSize]: 1 },
    ]);
    expect(reads.map((span) => span.attributes)).toEqual([
      { [namespace]: '', [layer]: 'l2', [result]: 'miss', [batchSize]: 3, [hits]: 0 },
      { [namespace]: 'n', [layer]: 'l2', [result]: 'miss', [batchSize]: 1, [hits]: 0 },
    ]);
    for (const span of [...loads, ...reads]) {
      const [seconds, nanoseconds] = span.duration;
      expect(seconds * 1e9 + nanoseconds).toBeGreaterThanOrEqual(0);
    }
    await cache.dispose();
  });

  it('marks an L2 read that found every key as a hit, and a failed load as an error', async () => {
    const adapter = createMemoryAdapter();
    const { harness, cache } = setup(adapter);
    attachOpenTelemetry(cache, harness.providers);
    await cache.getManyOrLoad(['a', 'b'], async (keys) => keys.map((key) => key));
    // A second cache on the same L2 with an empty L1 reads both from L2.
    const other = createCache({ adapter, defaultTtlMilliseconds: 60_000 });
    attachOpenTelemetry(other, harness.providers);
    await other.getManyOrLoad(['a', 'b'], async () => {
      throw new Error('not called');
    });
    await expect(
      cache.getOrLoad('c', async () => {
        throw new RangeError('no c');
      }),
    ).rejects.toThrow('no c');
    const reads = harness.spans().filter((span) => span.name === SPAN_NAMES.l2Read);
    expect(reads.map((span) => span.attributes[result])).toEqual(['miss', 'hit', 'miss']);
    const failed = harness
      .spans()
      .filter((span) => span.name === SPAN_NAMES.load && span.status.code === 2);
    expect(failed.map((span) => span.attributes[errorType])).toEqual(['RangeError']);
    expect(failed[0]?.events[0]?.name).toBe('exception');
    await other.dispose();
    await cache.dispose();
  });
});

describe('attachOpenTelemetry attach and detach', () => {
  it('listens to no event of the hit path (hits and misses come from the cache counters)', () => {
    const { harness, cache } = setup();
    const subscribed: string[] = [];
    const on = cache.on.bind(cache);
    cache.on = ((name: Parameters<typeof on>[0], listener: never) => {
      subscribed.push(name);
      return on(name, listener);
    }) as typeof cache.on;
    attachOpenTelemetry(cache, harness.providers);
    expect(subscribed).toContain('load');
    expect(subscribed).not.toContain('hit');
    expect(subscribed).not.toContain('miss');
  });

  it('detaches every listener and callback', async () => {
    const { harness, cache } = setup();
    const detach = attachOpenTelemetry(cache, harness.providers);
    await cache.getOrLoad('a', () => 1);
    detach();
    detach(); // idempotent
    await cache.getOrLoad('b', () => 2);
    const metrics = await harness.metrics();
    expect(metrics.has(METRIC_NAMES.hits)).toBe(false);
    const loads = metrics.get(METRIC_NAMES.loadDuration) as HistogramMetricData;
    expect(loads.dataPoints[0]?.value.count).toBe(1);
    expect(harness.spans().filter((span) => span.name === SPAN_NAMES.load)).toHaveLength(1);
  });

  it('records only what is switched on', async () => {
    const { harness, cache } = setup();
    attachOpenTelemetry(cache, { ...harness.providers, traces: false });
    await cache.getOrLoad('a', () => 1);
    expect(harness.spans()).toHaveLength(0);
    expect((await harness.metrics()).has(METRIC_NAMES.loadDuration)).toBe(true);
    await cache.dispose();
  });

  it('rejects unknown options and bad values, naming them', () => {
    const { cache } = setup();
    expect(() => attachOpenTelemetry(cache, { meter: {} } as never)).toThrow(InvalidOptionsError);
    expect(() => attachOpenTelemetry(cache, { meter: {} } as never)).toThrow('"meter"');
    expect(() => attachOpenTelemetry(cache, { durationBoundariesSeconds: [1, 0.5] })).toThrow(
      /durationBoundariesSeconds.*\[1,0\.5\]/,
    );
    expect(() => attachOpenTelemetry(cache, { traces: 'yes' as never })).toThrow(/"traces".*yes/);
  });
});

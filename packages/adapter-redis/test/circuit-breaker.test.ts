import { type CacheEvent, CircuitOpenError, createCache, InvalidationError } from '@pc/core';
import { switchable } from '@pc/core/testing';
import { freezeProcess, type RedisServerHandle, startRedis, thawProcess } from '@pc/test-services';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../src/index.js';
import { eventually, uniqueName } from './helpers.js';

// A server of its own: freezing it must not stall other test files.
let server: RedisServerHandle;
let redis: RedisAdapter;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedisAdapter({
    namespace: uniqueName('breaker'),
    url: server.url,
    // Duration strings, as every millisecond option takes them.
    commandTimeoutMilliseconds: '300ms',
    connectTimeoutMilliseconds: '300ms',
    maxReconnectDelayMilliseconds: '200ms',
  });
});

afterAll(async () => {
  await redis?.dispose();
  await server?.stop();
});

// The breaker's clock is Date.now(): only Date is faked, so the adapter's own
// deadlines (timers, performance.now) run on real time while the breaker's
// open period passes only when the test moves the fake clock.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now());
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the cache circuit breaker over real Redis', () => {
  it('opens while the server is frozen, skips it, reopens on a failed probe and closes once it answers', async () => {
    const adapter = switchable(redis);
    const events: CacheEvent[] = [];
    const cache = createCache({
      adapter,
      burst: false,
      circuitBreaker: { failureThreshold: 2, openMilliseconds: '30s' },
      onEvent: (event) => events.push(event),
    });
    const circuit = () =>
      events.flatMap((event) => (event.type === 'breaker' ? [`circuit-${event.state}`] : []));
    await cache.set('k', 'stored');

    await freezeProcess(server.pid);
    try {
      // Two reads time out on the frozen server and fall through to the loader.
      expect(await cache.getOrLoad('k', () => 'loaded')).toBe('loaded');
      expect(await cache.getOrLoad('k', () => 'loaded')).toBe('loaded');
      expect(circuit()).toEqual(['circuit-open']);

      // Open: reads go straight to the loader; Redis is not asked.
      adapter.resetCalls();
      expect(await cache.getOrLoad('k', () => 'skipped')).toBe('skipped');
      expect(await cache.getManyOrLoad(['k', 'j'], async () => ['a', 'b'])).toEqual(['a', 'b']);
      await expect(cache.get('k')).rejects.toSatisfy((error) => CircuitOpenError.isInstance(error));
      expect(adapter.callCounts.get + adapter.callCounts.getMany).toBe(0);

      // Probe while still frozen: it times out and the circuit opens again.
      vi.setSystemTime(Date.now() + 30_000);
      expect(await cache.getOrLoad('k', () => 'probe failed')).toBe('probe failed');
      expect(circuit()).toEqual(['circuit-open', 'circuit-half-open', 'circuit-open']);

      // An invalidation is never skipped: it goes to the frozen server and rejects.
      adapter.resetCalls();
      await expect(cache.invalidate({ keys: ['other'] })).rejects.toThrow(InvalidationError);
      expect(adapter.callCounts.deleteMany).toBe(1);
    } finally {
      thawProcess(server.pid);
    }

    // Redis answers again, but the circuit waits for its probe.
    await eventually(() => redis.get('probe-connection'));
    adapter.resetCalls();
    expect(await cache.getOrLoad('k', () => 'still open')).toBe('still open');
    expect(adapter.callCounts.get).toBe(0);
    vi.setSystemTime(Date.now() + 30_000);
    expect(await cache.getOrLoad('k', () => 'not called')).toBe('stored');
    expect(circuit()).toEqual([
      'circuit-open',
      'circuit-half-open',
      'circuit-open',
      'circuit-half-open',
      'circuit-closed',
    ]);
    await cache.dispose();
  });

  it('an invalidation that reaches Redis closes an open circuit at once', async () => {
    const adapter = switchable(redis);
    const events: CacheEvent[] = [];
    const cache = createCache({
      adapter,
      burst: false,
      circuitBreaker: { failureThreshold: 1, openMilliseconds: '1h' },
      onEvent: (event) => events.push(event),
    });
    await cache.set('k', 'stored');
    await freezeProcess(server.pid);
    try {
      expect(await cache.getOrLoad('k', () => 'loaded')).toBe('loaded');
    } finally {
      thawProcess(server.pid);
    }
    await eventually(() => redis.get('probe-connection'));
    await cache.invalidate({ keys: ['k'] });
    expect(
      events.flatMap((event) => (event.type === 'breaker' ? [`circuit-${event.state}`] : [])),
    ).toEqual(['circuit-open', 'circuit-closed']);
    expect(await cache.getOrLoad('k', () => 'reloaded')).toBe('reloaded');
    await cache.dispose();
  });
});

import { type CacheEvent, CircuitOpenError, createCache } from '@pc/core';
import { switchable } from '@pc/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../src/index.js';

// The breaker reads Date.now(): only Date is faked, so time moves when the test says so.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the cache circuit breaker over the memory adapter (injected faults)', () => {
  it('opens after repeated failures, skips L2, half-opens after openMilliseconds and closes', async () => {
    const adapter = switchable(createMemoryAdapter());
    const events: CacheEvent[] = [];
    const cache = createCache({
      adapter,
      burst: false,
      circuitBreaker: {
        failureThreshold: 4,
        failureWindowMilliseconds: '1m',
        openMilliseconds: '10s',
      },
      onEvent: (event) => events.push(event),
    });
    const circuit = () =>
      events.flatMap((event) => (event.type === 'breaker' ? [`circuit-${event.state}`] : []));
    await cache.set('user:1', { name: 'Ada' });
    adapter.failing.add('get');
    for (let read = 0; read < 4; read++) {
      expect(await cache.getOrLoad('user:1', () => ({ name: 'from the database' }))).toEqual({
        name: 'from the database',
      });
    }
    expect(circuit()).toEqual(['circuit-open']);

    adapter.failing.clear();
    adapter.resetCalls();
    expect(await cache.getOrLoad('user:1', () => 'loader while open')).toBe('loader while open');
    await expect(cache.get('user:1')).rejects.toSatisfy((error) =>
      CircuitOpenError.isInstance(error),
    );
    expect(adapter.callCounts.get + adapter.callCounts.getMany).toBe(0);
    // Nothing loaded while open is written to L2.
    expect(adapter.callCounts.compareAndSet + adapter.callCounts.setMany).toBe(0);

    vi.setSystemTime(Date.now() + 10_000);
    expect(await cache.getOrLoad('user:1', () => 'not called')).toEqual({ name: 'Ada' });
    expect(circuit()).toEqual(['circuit-open', 'circuit-half-open', 'circuit-closed']);
    await cache.dispose();
    await adapter.dispose();
  });
});

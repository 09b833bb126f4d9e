import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from '../src/breaker/circuit-breaker.js';
import { EventHub } from '../src/events/event-hub.js';
import {
  BackendUnavailableError,
  type CacheEvent,
  CircuitOpenError,
  createCache,
  InvalidationError,
  InvalidOptionsError,
  ValueTooLargeError,
} from '../src/index.js';
import { switchable } from '../src/testing/index.js';
import { MapAdapter } from './support/map-adapter.js';

// The breaker reads Date.now(): only Date is faked, so promises and the
// adapter behave as usual and time moves only when a test says so.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

const advance = (milliseconds: number) => vi.setSystemTime(Date.now() + milliseconds);
const outage = () => Promise.reject(new BackendUnavailableError('[pc:test] down'));
const ok = () => Promise.resolve('ok');

function setup(options: Record<string, unknown> = {}) {
  const adapter = switchable(new MapAdapter());
  const events: CacheEvent[] = [];
  const cache = createCache({
    adapter,
    burst: false,
    circuitBreaker: { failureThreshold: 3, openMilliseconds: '5s' },
    onEvent: (event) => events.push(event),
    ...options,
  });
  const circuit = () =>
    events.flatMap((event) => (event.type === 'breaker' ? [`circuit-${event.state}`] : []));
  return { adapter, cache, events, circuit };
}

function l2Reads(adapter: ReturnType<typeof setup>['adapter']): number {
  return adapter.callCounts.get + adapter.callCounts.getMany;
}

describe('L2 circuit breaker through the cache (map adapter with fault injection)', () => {
  it('opens after the threshold, skips L2 while open, probes after openMilliseconds and closes', async () => {
    const { adapter, cache, events, circuit } = setup();
    await cache.set('k', 'stored');
    adapter.failing.add('get');
    adapter.failing.add('getMany');
    for (let attempt = 0; attempt < 3; attempt++) {
      // Reads fail open: the loader answers while L2 fails.
      expect(await cache.getOrLoad('k', () => 'loaded')).toBe('loaded');
    }
    expect(circuit()).toEqual(['circuit-open']);
    const opened = events.find((event) => event.type === 'breaker' && event.state === 'open');
    expect(opened).toMatchObject({ adapter: 'map', failures: 3, openMilliseconds: 5000 });
    expect(BackendUnavailableError.isInstance((opened as { error: unknown }).error)).toBe(true);

    // Open: L2 recovered, but reads and fills skip it until the probe.
    adapter.failing.clear();
    adapter.resetCalls();
    expect(await cache.getOrLoad('k', () => 'loaded while open')).toBe('loaded while open');
    expect(await cache.getManyOrLoad(['k', 'j'], async () => ['a', 'b'])).toEqual(['a', 'b']);
    expect(l2Reads(adapter)).toBe(0);
    expect(adapter.callCounts.compareAndSet + adapter.callCounts.setMany).toBe(0);
    const skipped = events.filter(
      (event) => event.type === 'backend-error' && CircuitOpenError.isInstance(event.error),
    );
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    // Plain reads reject with the breaker's error, a BackendUnavailableError.
    const error = await cache.get('k').catch((reason: unknown) => reason);
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect(String(error)).toContain('"circuitBreaker.openMilliseconds"');

    advance(4999);
    expect(await cache.getOrLoad('k', () => 'still open')).toBe('still open');
    expect(l2Reads(adapter)).toBe(0);

    advance(1);
    // The probe reads L2, which answers: the circuit closes and L2 serves again.
    expect(await cache.getOrLoad('k', () => 'not called')).toBe('stored');
    expect(circuit()).toEqual(['circuit-open', 'circuit-half-open', 'circuit-closed']);
    expect(await cache.get('k')).toBe('stored');
  });

  it('a failed probe opens the circuit again for openMilliseconds', async () => {
    const { adapter, cache, circuit } = setup();
    adapter.failing.add('get');
    for (let attempt = 0; attempt < 3; attempt++) await cache.getOrLoad('k', () => 'v');
    advance(5000);
    expect(await cache.getOrLoad('k', () => 'probe failed')).toBe('probe failed');
    expect(circuit()).toEqual(['circuit-open', 'circuit-half-open', 'circuit-open']);
    adapter.failing.clear();
    adapter.resetCalls();
    advance(4999);
    await cache.getOrLoad('k', () => 'v');
    expect(l2Reads(adapter)).toBe(0);
    advance(1);
    await cache.getOrLoad('k', () => 'v');
    expect(circuit()).toEqual([
      'circuit-open',
      'circuit-half-open',
      'circuit-open',
      'circuit-half-open',
      'circuit-closed',
    ]);
  });

  it('never skips an invalidation while open: it reaches L2, rejects when L2 fails, and its success closes the circuit', async () => {
    const { adapter, cache, circuit } = setup();
    await cache.set('k', 'old');
    adapter.failing.add('get');
    adapter.failing.add('deleteMany');
    for (let attempt = 0; attempt < 3; attempt++) await cache.getOrLoad('k', () => 'v');
    expect(circuit()).toEqual(['circuit-open']);
    adapter.resetCalls();
    await expect(cache.invalidate({ keys: ['k'] })).rejects.toThrow(InvalidationError);
    expect(adapter.callCounts.deleteMany).toBe(1);
    await expect(cache.invalidateTags(['t'])).resolves.toBeUndefined();
    // A successful tag invalidation proved L2 answers: closed without waiting for the probe.
    expect(circuit()).toEqual(['circuit-open', 'circuit-closed']);
    adapter.failing.clear();
    await cache.invalidate({ keys: ['k'] });
    expect(await cache.get('k')).toBeUndefined();
  });

  it('queues a failed invalidation while open (invalidationFailure: queue), never drops it', async () => {
    const { adapter, cache, events } = setup({ invalidationFailure: 'queue' });
    adapter.failing.add('get');
    adapter.failing.add('deleteMany');
    for (let attempt = 0; attempt < 3; attempt++) await cache.getOrLoad('k', () => 'v');
    await cache.invalidate({ keys: ['k'] });
    expect(events.some((event) => event.type === 'invalidation-queued')).toBe(true);
    adapter.failing.clear();
    await cache.dispose();
  });

  it('sends plain writes and deletes to L2 while open', async () => {
    const { adapter, cache } = setup();
    adapter.failing.add('get');
    for (let attempt = 0; attempt < 3; attempt++) await cache.getOrLoad('k', () => 'v');
    adapter.resetCalls();
    adapter.failing.add('set');
    await expect(cache.set('k', 'new')).rejects.toThrow(BackendUnavailableError);
    expect(adapter.callCounts.set).toBe(1);
    await cache.delete('k');
    expect(adapter.callCounts.delete).toBe(1);
  });

  it('is off by default: every read goes to L2', async () => {
    const adapter = switchable(new MapAdapter());
    const cache = createCache({ adapter, burst: false });
    adapter.failing.add('get');
    for (let attempt = 0; attempt < 10; attempt++) await cache.getOrLoad('k', () => 'v');
    expect(adapter.callCounts.get).toBe(10);
  });

  it('validates its options, durations included', () => {
    const adapter = new MapAdapter();
    expect(() => createCache({ adapter, circuitBreaker: true })).not.toThrow();
    expect(() =>
      createCache({
        adapter,
        circuitBreaker: { failureWindowMilliseconds: '1.5h', openMilliseconds: '250ms' },
      }),
    ).not.toThrow();
    for (const [circuitBreaker, message] of [
      [{ failureThreshold: 0 }, /"circuitBreaker.failureThreshold"/],
      [{ failureThreshold: 1.5 }, /"circuitBreaker.failureThreshold"/],
      [{ openMilliseconds: 'soon' }, /"circuitBreaker.openMilliseconds".*"soon"/],
      [{ openMilliseconds: -1 }, /"circuitBreaker.openMilliseconds"/],
      [{ failureWindowMilliseconds: '0ms' }, /"circuitBreaker.failureWindowMilliseconds"/],
      [{ threshold: 3 }, /unknown option "circuitBreaker.threshold"/],
      ['on', /"circuitBreaker"/],
    ] as const) {
      expect(() => createCache({ adapter, circuitBreaker: circuitBreaker as never })).toThrow(
        InvalidOptionsError,
      );
      expect(() => createCache({ adapter, circuitBreaker: circuitBreaker as never })).toThrow(
        message,
      );
    }
  });
});

describe('CircuitBreaker state machine', () => {
  function breaker(options: Partial<Record<string, number>> = {}) {
    const events: string[] = [];
    const hub = new EventHub((event) => {
      if (event.type === 'breaker') events.push(`circuit-${event.state}`);
    });
    const instance = new CircuitBreaker(
      { failureThreshold: 3, failureWindowMilliseconds: 1000, openMilliseconds: 500, ...options },
      'test',
      hub,
    );
    return { breaker: instance, events };
  }
  const settle = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

  it('counts only failures in a row: a success in between starts over', async () => {
    const { breaker: circuit } = breaker();
    await settle(circuit.guard(outage));
    await settle(circuit.guard(outage));
    await circuit.guard(ok);
    await settle(circuit.guard(outage));
    await settle(circuit.guard(outage));
    expect(circuit.state).toBe('closed');
    await settle(circuit.guard(outage));
    expect(circuit.state).toBe('open');
  });

  it('counts only failures within the window', async () => {
    const { breaker: circuit } = breaker();
    await settle(circuit.guard(outage));
    await settle(circuit.guard(outage));
    advance(1001);
    await settle(circuit.guard(outage));
    expect(circuit.state).toBe('closed');
    await settle(circuit.guard(outage));
    await settle(circuit.guard(outage));
    expect(circuit.state).toBe('open');
  });

  it('ignores refused input: only outages and unknown errors count', async () => {
    const { breaker: circuit } = breaker({ failureThreshold: 1 });
    await settle(circuit.guard(() => Promise.reject(new ValueTooLargeError('[pc:test] big'))));
    expect(circuit.state).toBe('closed');
    await settle(circuit.guard(() => Promise.reject(new Error('socket hang up'))));
    expect(circuit.state).toBe('open');
  });

  it('lets one probe out at a time while half-open; other skippable calls are skipped, direct calls pass', async () => {
    const { breaker: circuit, events } = breaker({ failureThreshold: 1 });
    await settle(circuit.guard(outage));
    advance(500);
    let release!: (value: string) => void;
    const probe = circuit.guard(() => new Promise<string>((resolve) => (release = resolve)));
    expect(circuit.state).toBe('half-open');
    const skipped = await settle(circuit.guard(ok));
    expect(CircuitOpenError.isInstance(skipped)).toBe(true);
    expect(String(skipped)).toContain('while a probe is out');
    expect(await circuit.pass(ok)).toBe('ok');
    // The direct call's success closed the circuit; the probe's late answer changes nothing.
    expect(circuit.state).toBe('closed');
    release('late');
    expect(await probe).toBe('late');
    expect(events).toEqual(['circuit-open', 'circuit-half-open', 'circuit-closed']);
  });

  it('a probe that fails on refused input leaves the circuit half-open for the next probe', async () => {
    const { breaker: circuit } = breaker({ failureThreshold: 1 });
    await settle(circuit.guard(outage));
    advance(500);
    await settle(circuit.guard(() => Promise.reject(new ValueTooLargeError('[pc:test] big'))));
    expect(circuit.state).toBe('half-open');
    await circuit.guard(ok);
    expect(circuit.state).toBe('closed');
  });

  it('ignores outcomes of calls sent before the last change of state', async () => {
    const { breaker: circuit } = breaker({ failureThreshold: 1 });
    let fail!: (error: unknown) => void;
    const slow = settle(circuit.guard(() => new Promise((_, reject) => (fail = reject))));
    await settle(circuit.guard(outage));
    expect(circuit.state).toBe('open');
    advance(500);
    await circuit.guard(ok);
    expect(circuit.state).toBe('closed');
    fail(new BackendUnavailableError('[pc:test] late'));
    await slow;
    expect(circuit.state).toBe('closed');
  });
});

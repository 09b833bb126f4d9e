import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCache, InvalidOptionsError } from '../src/index.js';
import { switchable } from '../src/testing/index.js';
import { MapAdapter } from './support/map-adapter.js';

interface Line {
  readonly level: number;
  readonly msg: string;
  readonly component?: string;
  readonly err?: { readonly type: string; readonly message: string };
  readonly [field: string]: unknown;
}

/** A real pino logger writing JSON lines into an array. */
function recordingLogger(level = 'info') {
  const lines: Line[] = [];
  const logger = pino(
    { level, base: undefined, timestamp: false },
    { write: (line: string) => lines.push(JSON.parse(line) as Line) },
  );
  return { logger, lines };
}

const WARN = 40;
const INFO = 30;
const DEBUG = 20;
const ERROR = 50;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('logger option (pino-compatible)', () => {
  it('logs an L2 failure as a warning with structured fields, through one child logger', async () => {
    const { logger, lines } = recordingLogger();
    const adapter = switchable(new MapAdapter());
    const cache = createCache({ adapter, burst: false, logger });
    adapter.failing.add('get');
    expect(await cache.getOrLoad('k', () => 'v')).toBe('v');
    const line = lines.find((entry) => entry.operation === 'read');
    expect(line).toMatchObject({ level: WARN, component: 'pc-cache', operation: 'read' });
    expect(line?.err).toMatchObject({ type: 'BackendUnavailableError' });
    expect(line?.err?.message).toContain('simulated outage');
    expect(line?.msg).toBe('L2 read failed; the cache went on without L2');
  });

  it('logs circuit breaker changes; calls the open circuit skips only at debug level', async () => {
    const { logger, lines } = recordingLogger('debug');
    const adapter = switchable(new MapAdapter());
    const cache = createCache({
      adapter,
      burst: false,
      logger,
      circuitBreaker: { failureThreshold: 2, openMilliseconds: '1s' },
    });
    adapter.failing.add('get');
    await cache.getOrLoad('k', () => 'v');
    await cache.getOrLoad('k', () => 'v');
    adapter.failing.clear();
    await cache.getOrLoad('k', () => 'v');
    vi.setSystemTime(Date.now() + 1000);
    await cache.getOrLoad('k', () => 'v');
    const circuit = lines.filter((line) => typeof line.state === 'string');
    expect(circuit.map((line) => [line.level, line.msg])).toEqual([
      [WARN, 'L2 circuit breaker open: L2 reads and fills are skipped'],
      [INFO, 'L2 circuit breaker half-open: probing L2'],
      [INFO, 'L2 circuit breaker closed: L2 is used again'],
    ]);
    expect(circuit[0]).toMatchObject({
      state: 'open',
      adapter: 'map',
      failures: 2,
      openMilliseconds: 1000,
    });
    expect(circuit[0]?.err?.type).toBe('BackendUnavailableError');
    const skipped = lines.filter((line) => line.msg.includes('skipped: the circuit breaker'));
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((line) => line.level === DEBUG)).toBe(true);
  });

  it('logs queued, retried and dropped invalidations with their keys, tags and counts', async () => {
    const { logger, lines } = recordingLogger();
    const adapter = switchable(new MapAdapter());
    const cache = createCache({
      adapter,
      logger,
      invalidationFailure: 'queue',
      invalidationRetryDelayMilliseconds: '1ms',
    });
    adapter.failing.add('deleteMany');
    const keys = Array.from({ length: 25 }, (_, index) => `key-${index}`);
    await cache.invalidate({ keys });
    const queued = lines.find((line) => line.msg.startsWith('invalidation failed; queued'));
    expect(queued).toMatchObject({ level: WARN, keyCount: 25, tagCount: 0, tags: [] });
    expect(queued?.keys).toHaveLength(20);
    expect(queued?.err?.type).toBe('InvalidationError');
    // Dispose makes a last attempt, which fails: dropped, at error level.
    await expect(cache.dispose()).rejects.toThrow();
    const dropped = lines.find((line) => line.msg.startsWith('queued invalidation dropped'));
    expect(dropped).toMatchObject({ level: ERROR, keyCount: 25, clear: false });
    const retried = lines.filter((line) => typeof line.attempt === 'number');
    expect(retried.length).toBeGreaterThan(0);
  });

  it('logs a successful retry at info', async () => {
    const { logger, lines } = recordingLogger();
    const adapter = switchable(new MapAdapter());
    const cache = createCache({ adapter, logger, invalidationFailure: 'queue' });
    adapter.failing.add('deleteMany');
    await cache.invalidate({ keys: ['k'] });
    adapter.failing.clear();
    await cache.dispose();
    expect(lines.at(-1)).toMatchObject({
      level: INFO,
      attempt: 1,
      msg: 'queued invalidation applied',
    });
  });

  it('logs values served from grace with the reason and the loader error', async () => {
    const { logger, lines } = recordingLogger();
    const cache = createCache({ adapter: new MapAdapter(), burst: false, logger });
    const options = { ttlMilliseconds: '1s', graceMilliseconds: 60_000 } as const;
    await cache.getOrLoad('k', () => 'v', options);
    vi.setSystemTime(Date.now() + 2000);
    const failing = async (): Promise<string> => {
      throw new Error('database down');
    };
    expect(await cache.getOrLoad('k', failing, options)).toBe('v');
    const line = lines.find((entry) => entry.msg.startsWith('values past their TTL served'));
    expect(line).toMatchObject({ level: WARN, keys: ['k'], keyCount: 1, reason: 'error' });
    expect(line?.err?.message).toBe('database down');
  });

  it('does not log hits, misses or loads', async () => {
    const { logger, lines } = recordingLogger('trace');
    const cache = createCache({ adapter: new MapAdapter(), logger });
    await cache.getOrLoad('k', () => 'v');
    await cache.getOrLoad('k', () => 'v');
    await cache.get('k');
    expect(lines).toEqual([]);
  });

  it('without a logger writes nothing to the console', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    const adapter = switchable(new MapAdapter());
    const cache = createCache({ adapter, burst: false, invalidationFailure: 'queue' });
    adapter.failing.add('get');
    adapter.failing.add('deleteMany');
    await cache.getOrLoad('k', () => 'v');
    await cache.invalidate({ keys: ['k'] });
    adapter.failing.clear();
    await cache.dispose();
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('rejects an object that is not a logger', () => {
    for (const logger of [console.log, {}, { info() {}, warn() {} }, null]) {
      expect(() => createCache({ adapter: new MapAdapter(), logger: logger as never })).toThrow(
        InvalidOptionsError,
      );
    }
    expect(() => createCache({ adapter: new MapAdapter(), logger: {} as never })).toThrow(
      /"logger".*debug, info, warn, error, child/,
    );
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  bindStore,
  createCache,
  defineStore,
  InvalidOptionsError,
  toMilliseconds,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('toMilliseconds', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['5 minutes', 300_000],
    ['1w', 604_800_000],
  ])('reads %s as %i ms', (text, milliseconds) => {
    expect(toMilliseconds(text, 'option')).toBe(milliseconds);
  });

  it('returns numbers and undefined as they are (the caller checks the range)', () => {
    expect(toMilliseconds(1234, 'option')).toBe(1234);
    expect(toMilliseconds(-1, 'option')).toBe(-1);
    expect(toMilliseconds(undefined, 'option')).toBeUndefined();
  });

  it.each(['', 'soon', '5', '1e3ms', ' 5m', '5 parsecs', 'Infinity', 'ms'])(
    'rejects %j with InvalidOptionsError naming the option and the value',
    (text) => {
      expect(() => toMilliseconds(text, 'leaseTtlMilliseconds', 'redis')).toThrow(
        InvalidOptionsError,
      );
      expect(() => toMilliseconds(text, 'leaseTtlMilliseconds', 'redis')).toThrow(
        `[pc:redis] set "leaseTtlMilliseconds" to a number of milliseconds or a duration such as '250ms', '5m', '1.5h' or '2d', got ${JSON.stringify(text)}`,
      );
    },
  );
});

const CACHE_DURATIONS = [
  'defaultTtlMilliseconds',
  'invalidationRetryDelayMilliseconds',
  'invalidationRetryMaxDelayMilliseconds',
  'leaseTtlMilliseconds',
  'leaseWaitMilliseconds',
  'staleIfErrorMilliseconds',
] as const;

describe('duration strings in createCache options', () => {
  it.each(CACHE_DURATIONS)('%s accepts a duration string and rejects a bad one', (name) => {
    expect(() => createCache({ adapter: new MapAdapter(), [name]: '1.5h' })).not.toThrow();
    const bad = () => createCache({ adapter: new MapAdapter(), [name]: 'a while' as never });
    expect(bad).toThrow(InvalidOptionsError);
    expect(bad).toThrow(new RegExp(`"${name}".*"a while"`));
  });

  it('burst.ttlMilliseconds accepts a duration string and rejects a bad one', () => {
    expect(() =>
      createCache({ adapter: new MapAdapter(), burst: { ttlMilliseconds: '500ms' } }),
    ).not.toThrow();
    const bad = () =>
      createCache({ adapter: new MapAdapter(), burst: { ttlMilliseconds: 'short' as never } });
    expect(bad).toThrow(InvalidOptionsError);
    expect(bad).toThrow(/"burst.ttlMilliseconds".*"short"/);
  });

  it('range checks still apply after conversion', () => {
    expect(() => createCache({ adapter: new MapAdapter(), leaseTtlMilliseconds: '-5m' })).toThrow(
      /"leaseTtlMilliseconds"/,
    );
    expect(() => createCache({ adapter: new MapAdapter(), defaultTtlMilliseconds: '0ms' })).toThrow(
      /"defaultTtlMilliseconds"/,
    );
  });

  it('converted values take effect: default TTL and lease TTL', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({
      adapter,
      burst: false,
      defaultTtlMilliseconds: '2d',
      leaseTtlMilliseconds: '1m',
    });
    await cache.set('k', 'v');
    expect(adapter.store.get('e:k')?.expiresAt).toBe(NOW + 172_800_000);
    let leaseExpiry: number | undefined;
    await cache.getOrLoad('loaded', () => {
      leaseExpiry = adapter.store.get('e:loaded')?.expiresAt;
      return 'v';
    });
    expect(leaseExpiry).toBe(NOW + 60_000);
    expect(adapter.store.get('e:loaded')?.expiresAt).toBe(NOW + 172_800_000);
  });
});

describe('duration strings in namespace, set, getOrLoad and store options', () => {
  it('namespace burst.ttlMilliseconds', () => {
    const cache = createCache({ adapter: new MapAdapter() });
    expect(() => cache.namespace('a', { burst: { ttlMilliseconds: '2s' } })).not.toThrow();
    expect(() => cache.namespace('b', { burst: { ttlMilliseconds: '2 secs!' as never } })).toThrow(
      /"burst.ttlMilliseconds".*"2 secs!"/,
    );
  });

  it('set and setMany ttlMilliseconds', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter });
    await cache.set('k', 'v', { ttlMilliseconds: '1.5h' });
    expect(adapter.store.get('e:k')?.expiresAt).toBe(NOW + 5_400_000);
    await cache.setMany([{ key: 'j', value: 'v', ttlMilliseconds: '250ms' }]);
    expect(adapter.store.get('e:j')?.expiresAt).toBe(NOW + 250);
    await expect(cache.set('k', 'v', { ttlMilliseconds: 'later' as never })).rejects.toThrow(
      /"ttlMilliseconds".*"later"/,
    );
    await expect(
      cache.setMany([{ key: 'j', value: 'v', ttlMilliseconds: 'later' as never }]),
    ).rejects.toThrow(InvalidOptionsError);
    // A negative duration removes, as a negative number does.
    expect(await cache.set('k', 'v', { ttlMilliseconds: '-1s' })).toBe(false);
    expect(adapter.store.has('e:k')).toBe(false);
  });

  it('getOrLoad ttlMilliseconds and burst.ttlMilliseconds', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter });
    await cache.getOrLoad('k', () => 'v', {
      ttlMilliseconds: '5m',
      burst: { ttlMilliseconds: '1s' },
    });
    expect(adapter.store.get('e:k')?.expiresAt).toBe(NOW + 300_000);
    await expect(
      cache.getOrLoad('j', () => 'v', { ttlMilliseconds: '5 mins ago' as never }),
    ).rejects.toThrow(/"ttlMilliseconds".*"5 mins ago"/);
    await expect(
      cache.getOrLoad('j', () => 'v', { burst: { ttlMilliseconds: 'x' as never } }),
    ).rejects.toThrow(/"burst.ttlMilliseconds".*"x"/);
    await expect(
      cache.getManyOrLoad(['j'], async () => ['v'], { ttlMilliseconds: 'x' as never }),
    ).rejects.toThrow(InvalidOptionsError);
  });

  it('defineStore ttlMilliseconds and burst.ttlMilliseconds', async () => {
    const definition = defineStore<string, string>({
      name: 'things',
      key: (id) => id,
      load: async (id) => `thing ${id}`,
      ttlMilliseconds: '10m',
      burst: { ttlMilliseconds: '500ms' },
    });
    const adapter = new MapAdapter();
    const store = bindStore(createCache({ adapter }), definition);
    expect(await store.get('a')).toBe('thing a');
    const [entry] = [...adapter.store.entries()].filter(([key]) => key.startsWith('e:'));
    expect(entry?.[1].expiresAt).toBe(NOW + 600_000);
    const base = { name: 'bad', key: (id: string) => id, load: async () => 'v' };
    expect(() => defineStore({ ...base, ttlMilliseconds: 'ten minutes' as never })).toThrow(
      /"bad.ttlMilliseconds".*"ten minutes"/,
    );
    expect(() => defineStore({ ...base, burst: { ttlMilliseconds: 'nope' as never } })).toThrow(
      /"bad.burst.ttlMilliseconds".*"nope"/,
    );
  });
});

const RESILIENCE_DURATIONS = [
  'graceMilliseconds',
  'graceBackoffMilliseconds',
  'softTimeoutMilliseconds',
  'hardTimeoutMilliseconds',
] as const;

describe('duration strings in the resilience options (cache, namespace, call)', () => {
  it.each(RESILIENCE_DURATIONS)(
    '%s accepts a duration string and rejects a bad one',
    async (name) => {
      const cache = createCache({ adapter: new MapAdapter(), [name]: '2m' });
      expect(() => cache.namespace('n', { [name]: '30s' })).not.toThrow();
      await expect(cache.getOrLoad('k', () => 'v', { [name]: '1.5h' })).resolves.toBe('v');
      const message = new RegExp(`"${name}".*"eventually"`);
      expect(() =>
        createCache({ adapter: new MapAdapter(), [name]: 'eventually' as never }),
      ).toThrow(message);
      expect(() => cache.namespace('m', { [name]: 'eventually' as never })).toThrow(
        InvalidOptionsError,
      );
      await expect(
        cache.getOrLoad('not-cached', () => 'v', { [name]: 'eventually' as never }),
      ).rejects.toThrow(message);
    },
  );

  it('a grace window given as a duration string serves a failed load from grace', async () => {
    const cache = createCache({ adapter: new MapAdapter(), burst: false });
    const options = { ttlMilliseconds: '1s', graceMilliseconds: '1m' } as const;
    await cache.getOrLoad('k', () => 'v', options);
    vi.setSystemTime(NOW + 30_000);
    const failing = async (): Promise<string> => {
      throw new Error('down');
    };
    expect(await cache.getOrLoad('k', failing, options)).toBe('v');
    vi.setSystemTime(NOW + 62_000);
    await expect(cache.getOrLoad('k', failing, options)).rejects.toThrow('down');
  });
});

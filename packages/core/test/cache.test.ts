import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Cache,
  type CacheAdapter,
  ClosedError,
  createCache,
  InvalidOptionsError,
  SerializationError,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

function setup(options: { defaultTtlMilliseconds?: number } = {}) {
  const adapter = new MapAdapter();
  const cache = createCache({ adapter, ...options });
  return { adapter, cache };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Cache options', () => {
  const adapter = new MapAdapter();
  const bad: Array<[string, unknown, RegExp]> = [
    ['no options', undefined, /adapter/],
    ['no adapter', {}, /"adapter"/],
    [
      'an adapter without getMany',
      { adapter: Object.assign(new MapAdapter(), { getMany: undefined }) },
      /getMany/,
    ],
    [
      'an adapter of another contract version',
      { adapter: Object.assign(Object.create(MapAdapter.prototype), { contractVersion: 2 }) },
      /contract version 2/,
    ],
    ['an unknown option', { adapter, ttl: 5 }, /unknown option "ttl"/],
    ['a zero default TTL', { adapter, defaultTtlMilliseconds: 0 }, /"defaultTtlMilliseconds"/],
    ['a negative default TTL', { adapter, defaultTtlMilliseconds: -1 }, /"defaultTtlMilliseconds"/],
    [
      'a NaN default TTL',
      { adapter, defaultTtlMilliseconds: Number.NaN },
      /"defaultTtlMilliseconds"/,
    ],
    ['a string default TTL', { adapter, defaultTtlMilliseconds: '10' }, /"defaultTtlMilliseconds"/],
  ];

  it.each(bad)('refuses %s with InvalidOptionsError naming the option', (_, options, message) => {
    expect(() => createCache(options as never)).toThrow(InvalidOptionsError);
    expect(() => new Cache(options as never)).toThrow(message);
  });

  it('refuses an adapter that declares native tags without implementing them', () => {
    const liar = new MapAdapter();
    Object.defineProperty(liar, 'capabilities', {
      value: { ...liar.capabilities, nativeTags: true },
    });
    expect(() => createCache({ adapter: liar })).toThrow(/nativeTags/);
  });
});

describe('Cache get / set', () => {
  it('returns what was set, and undefined for a miss', async () => {
    const { cache } = setup();
    expect(await cache.set('user:1', { name: 'Ada' })).toBe(true);
    expect(await cache.get('user:1')).toEqual({ name: 'Ada' });
    expect(await cache.get('user:2')).toBeUndefined();
    expect(await cache.has('user:1')).toBe(true);
    expect(await cache.has('user:2')).toBe(false);
  });

  it.each([
    ['0', 0],
    ['an empty string', ''],
    ['false', false],
    ['null', null],
    ['NaN', Number.NaN],
    ['an empty array', []],
    ['an empty object', {}],
  ])('treats %s as a hit', async (_, value) => {
    const { cache } = setup();
    await cache.set('k', value);
    expect(await cache.get('k')).toStrictEqual(value);
    expect(await cache.has('k')).toBe(true);
    expect(await cache.getMany(['k'])).toStrictEqual([value]);
  });

  it('round-trips every serializer type through the adapter', async () => {
    const { cache } = setup();
    const value = {
      date: new Date('2020-01-01T00:00:00Z'),
      map: new Map<unknown, unknown>([[{ k: 1 }, new Set([1n])]]),
      bytes: new Uint8Array(256).map((_, index) => index),
      nested: { missing: undefined, list: [undefined, -0, Number.POSITIVE_INFINITY] },
      '~u': 'marker-like key',
    };
    await cache.set('all', value);
    expect(await cache.get('all')).toStrictEqual(value);
  });

  it('refuses to store undefined, before any I/O', async () => {
    const { adapter, cache } = setup();
    await expect(cache.set('k', undefined)).rejects.toBeInstanceOf(SerializationError);
    await expect(cache.setMany([{ key: 'k', value: undefined }])).rejects.toBeInstanceOf(
      SerializationError,
    );
    expect(adapter.calls).toEqual([]);
  });

  it('refuses what the serializer cannot encode, naming the path, before any I/O', async () => {
    const { adapter, cache } = setup();
    await expect(cache.set('k', { a: [() => 1] })).rejects.toThrow(/\$\.a\[0\]/);
    expect(adapter.calls).toEqual([]);
  });

  it('never aliases what was set or what was read', async () => {
    const { cache } = setup();
    const value = { list: [1], map: new Map([['a', { n: 1 }]]) };
    await cache.set('k', value);
    value.list.push(2);
    value.map.get('a')!.n = 2;
    const first = await cache.get<typeof value>('k');
    expect(first).toStrictEqual({ list: [1], map: new Map([['a', { n: 1 }]]) });
    first!.list.push(3);
    const [second, third] = await cache.getMany<typeof value>(['k', 'k']);
    expect(second).toStrictEqual({ list: [1], map: new Map([['a', { n: 1 }]]) });
    expect(second).not.toBe(third);
    expect(second!.list).not.toBe(third!.list);
  });

  it('replaces the value of a key', async () => {
    const { cache } = setup();
    await cache.set('k', 1);
    await cache.set('k', 2);
    expect(await cache.get('k')).toBe(2);
  });

  it.each([
    ['an unknown option', { ttl: 5 }, /unknown set option "ttl"/],
    ['a NaN TTL', { ttlMilliseconds: Number.NaN }, /"ttlMilliseconds"/],
    ['a string TTL', { ttlMilliseconds: '5' }, /"ttlMilliseconds"/],
    ['tags that are not an array', { tags: 'a' }, /"tags"/],
  ])('refuses %s with InvalidOptionsError, before any I/O', async (_, options, message) => {
    const { adapter, cache } = setup();
    await expect(cache.set('k', 1, options as never)).rejects.toThrow(InvalidOptionsError);
    await expect(cache.set('k', 1, options as never)).rejects.toThrow(message);
    expect(adapter.calls).toEqual([]);
  });
});

describe('Cache TTL', () => {
  it('expires an entry after its TTL in milliseconds', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { cache } = setup();
    await cache.set('k', 'v', { ttlMilliseconds: 1000 });
    vi.advanceTimersByTime(999);
    expect(await cache.get('k')).toBe('v');
    vi.advanceTimersByTime(1);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('keeps entries forever by default', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { adapter, cache } = setup();
    await cache.set('k', 'v');
    expect([...adapter.store.values()][0]!.expiresAt).toBeUndefined();
    vi.advanceTimersByTime(10 * 365 * 24 * 3600 * 1000);
    expect(await cache.get('k')).toBe('v');
  });

  it('applies the default TTL unless a write gives its own (Infinity: never)', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { cache } = setup({ defaultTtlMilliseconds: 100 });
    await cache.set('default', 1);
    await cache.set('longer', 2, { ttlMilliseconds: 500 });
    await cache.set('forever', 3, { ttlMilliseconds: Number.POSITIVE_INFINITY });
    await cache.setMany([{ key: 'many-default', value: 4 }]);
    vi.advanceTimersByTime(100);
    expect(await cache.getMany(['default', 'longer', 'forever', 'many-default'])).toEqual([
      undefined,
      2,
      3,
      undefined,
    ]);
    vi.advanceTimersByTime(400);
    expect(await cache.getMany(['longer', 'forever'])).toEqual([undefined, 3]);
  });

  it.each([0, -1, Number.NEGATIVE_INFINITY])(
    'removes the old value and returns false for a TTL of %d',
    async (ttlMilliseconds) => {
      const { cache } = setup({ defaultTtlMilliseconds: 60_000 });
      await cache.set('k', 'old');
      expect(await cache.set('k', 'new', { ttlMilliseconds })).toBe(false);
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', 'old');
      expect(await cache.setMany([{ key: 'k', value: 'new', ttlMilliseconds }])).toEqual([false]);
      expect(await cache.get('k')).toBeUndefined();
    },
  );
});

describe('Cache batches', () => {
  it('getMany keeps input order and duplicates, with one adapter call', async () => {
    const { adapter, cache } = setup();
    await cache.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    adapter.resetCalls();
    expect(await cache.getMany(['b', 'missing', 'a', 'b'])).toEqual([2, undefined, 1, 2]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany']);
  });

  it('getMany and setMany of nothing do no I/O', async () => {
    const { adapter, cache } = setup();
    expect(await cache.getMany([])).toEqual([]);
    expect(await cache.setMany([])).toEqual([]);
    expect(await cache.deleteMany([])).toBe(0);
    expect(adapter.calls).toEqual([]);
  });

  it('setMany writes with one adapter setMany; the last of a duplicated key wins', async () => {
    const { adapter, cache } = setup();
    const results = await cache.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2, ttlMilliseconds: 0 },
      { key: 'a', value: 3 },
    ]);
    expect(results).toEqual([true, false, true]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['setMany']);
    expect(await cache.getMany(['a', 'b'])).toEqual([3, undefined]);
  });

  it('setMany validates and serializes every item before writing any', async () => {
    const { adapter, cache } = setup();
    await expect(
      cache.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: Symbol('nope') },
      ]),
    ).rejects.toThrow(SerializationError);
    await expect(cache.setMany([{ key: 'a', value: 1, bogus: 1 } as never])).rejects.toThrow(
      InvalidOptionsError,
    );
    await expect(cache.setMany('a' as never)).rejects.toThrow(InvalidOptionsError);
    expect(adapter.calls).toEqual([]);
  });

  it('delete and deleteMany report what they removed; a missing key is not an error', async () => {
    const { cache } = setup();
    await cache.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
      { key: 'c', value: 3 },
    ]);
    expect(await cache.delete('a')).toBe(true);
    expect(await cache.delete('a')).toBe(false);
    expect(await cache.deleteMany(['b', 'b', 'missing', 'c'])).toBe(2);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, undefined, undefined]);
  });

  it('clear on the root cache empties the adapter', async () => {
    const { adapter, cache } = setup();
    await cache.set('a', 1, { tags: ['t'] });
    await cache.clear();
    expect(adapter.store.size).toBe(0);
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe('Cache corrupt payloads', () => {
  it.each([
    ['garbage', 'not an envelope'],
    ['an empty payload', ''],
    ['a truncated header', '1["t:a","v"'],
    ['a header of the wrong shape', '1{"a":1}\nj1'],
    ['a corrupt body', '1\nj{"a":'],
    ['an unknown body encoding', '1\nz{}'],
    ['a bad marker in the body', '1\nx{"~q":1}'],
  ])('reads %s as a miss and deletes it', async (_, payload) => {
    const { adapter, cache } = setup();
    await cache.set('k', 'good');
    await cache.set('other', 'fine');
    const adapterKey = [...adapter.store.keys()].find((key) => key.endsWith('k'))!;
    adapter.store.set(adapterKey, { payload });
    expect(await cache.get('k')).toBeUndefined();
    expect(adapter.store.has(adapterKey)).toBe(false);
    adapter.store.set(adapterKey, { payload });
    expect(await cache.getMany(['k', 'other', 'k'])).toEqual([undefined, 'fine', undefined]);
    expect(adapter.store.has(adapterKey)).toBe(false);
  });

  it.each([
    ['format 3 without its metadata end', '3abc\n\n"v"'],
    ['format 3 with a field that is no number', '3zz!,1,1;\n\n"v"'],
    ['format 3 with too few fields', '31,2;\n\n"v"'],
    ['format 3 without a header end', '31,2,3;'],
    ['a lease with an empty token', 'L\n1\n"v"'],
  ])('reads %s as a miss, and getOrLoad replaces it', async (_, payload) => {
    const { adapter, cache } = setup();
    await cache.set('k', 'v');
    const adapterKey = [...adapter.store.keys()][0]!;
    adapter.store.set(adapterKey, { payload });
    expect(await cache.get('k')).toBeUndefined();
    const grace = { ttlMilliseconds: 60_000, graceMilliseconds: 60_000 };
    expect(await cache.getOrLoad('k', async () => 'loaded', grace)).toBe('loaded');
    expect(await cache.getOrLoad('k', async () => 'again', grace)).toBe('loaded');
  });

  it.each([
    ['foreign bytes', 'Ltoken\nnot an entry'],
    ['another lease', 'Ltoken\nLother'],
  ])(
    'serves nothing a lease carrying %s holds: it is waited for, then taken over',
    async (_, payload) => {
      const adapter = new MapAdapter();
      const cache = createCache({ adapter, leaseWaitMilliseconds: 20 });
      await cache.set('k', 'v');
      const adapterKey = [...adapter.store.keys()][0]!;
      adapter.store.set(adapterKey, { payload });
      expect(await cache.get('k')).toBeUndefined();
      const grace = {
        ttlMilliseconds: 60_000,
        graceMilliseconds: 60_000,
        softTimeoutMilliseconds: 0,
      };
      expect(await cache.getOrLoad('k', async () => 'loaded', grace)).toBe('loaded');
      expect(await cache.getOrLoad('k', async () => 'again', grace)).toBe('loaded');
    },
  );

  it('reads an entry of a newer format as a miss and leaves it for the newer reader', async () => {
    const { adapter, cache } = setup();
    await cache.set('k', 'v');
    const adapterKey = [...adapter.store.keys()][0]!;
    adapter.store.set(adapterKey, { payload: '4whatever the future holds' });
    expect(await cache.get('k')).toBeUndefined();
    expect(adapter.store.has(adapterKey)).toBe(true);
  });

  it('still returns a miss when deleting the corrupt entry fails', async () => {
    const { adapter, cache } = setup();
    await cache.set('k', 'v');
    const adapterKey = [...adapter.store.keys()][0]!;
    adapter.store.set(adapterKey, { payload: 'junk' });
    adapter.deleteMany = () => Promise.reject(new Error('down'));
    expect(await cache.get('k')).toBeUndefined();
  });
});

describe('Cache dispose', () => {
  it('rejects every operation with ClosedError afterwards, and is idempotent', async () => {
    const { adapter, cache } = setup();
    const child = cache.namespace('child');
    await cache.dispose();
    await cache.dispose();
    const operations: Array<() => Promise<unknown>> = [
      () => cache.get('k'),
      () => cache.set('k', 1),
      () => cache.getMany(['k']),
      () => cache.setMany([{ key: 'k', value: 1 }]),
      () => cache.delete('k'),
      () => cache.deleteMany(['k']),
      () => cache.has('k'),
      () => cache.clear(),
      () => cache.invalidateTags(['t']),
      () => cache.readTagVersions(['t']),
      () => child.get('k'),
    ];
    for (const operation of operations) await expect(operation()).rejects.toThrow(ClosedError);
    expect(() => cache.namespace('x')).toThrow(ClosedError);
    expect(adapter.calls).toEqual([]);
  });

  it('never disposes the injected adapter', async () => {
    const { adapter, cache } = setup();
    await cache.dispose();
    expect(await adapter.get('e:k')).toBeUndefined();
  });

  it('disposing a namespace leaves its parent open', async () => {
    const { cache } = setup();
    const child = cache.namespace('child');
    await child.dispose();
    await expect(child.get('k')).rejects.toThrow(ClosedError);
    expect(await cache.set('k', 1)).toBe(true);
  });
});

describe('Cache with an adapter that fails', () => {
  it('propagates adapter errors on reads and writes', async () => {
    const broken: CacheAdapter = Object.assign(new MapAdapter(), {
      get: () => Promise.reject(new Error('get failed')),
      set: () => Promise.reject(new Error('set failed')),
    });
    const cache = createCache({ adapter: broken });
    await expect(cache.get('k')).rejects.toThrow('get failed');
    await expect(cache.set('k', 1)).rejects.toThrow('set failed');
  });
});

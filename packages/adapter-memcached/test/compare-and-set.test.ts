import {
  type AdapterEntry,
  BackendUnavailableError,
  type CacheAdapter,
  SerializationError,
  ValueTooLargeError,
} from '@pc/core';
import {
  type MemcachedPoolHandle,
  type MemcachedServerHandle,
  startMemcached,
  startMemcachedPool,
  testServices,
} from '@pc/test-services';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemcachedAdapter, createMemcachedClient } from '../src/index.js';
import { escapedKey, metaGet, type RawClient, rawClient, uniqueNamespace } from './helpers.js';

const { memcached, memcachedPool } = testServices();
const DAY = 24 * 60 * 60 * 1000;

/** `compareAndSet` of an adapter that declares it. */
function compareAndSet(
  adapter: CacheAdapter,
  items: ReadonlyArray<readonly [string, string | undefined, AdapterEntry]>,
): Promise<boolean[]> {
  if (adapter.compareAndSet === undefined) throw new Error('compareAndSet is missing');
  return adapter.compareAndSet(items);
}

/**
 * A client whose next `cas` on a key first runs `before(key)`: lets a test act in
 * the window between the adapter's comparison (`gets`) and its write (`cas`).
 */
function clientWithCasHook(locations: readonly string[]) {
  const client = createMemcachedClient({
    servers: [...locations],
    timeoutMilliseconds: 1000,
    retryDelayMilliseconds: 100,
  });
  const original = client.cas.bind(client);
  let before: ((key: string) => Promise<void>) | undefined;
  client.cas = async (key, value, unique, exptime, options) => {
    const hook = before;
    before = undefined;
    if (hook !== undefined) await hook(key);
    return original(key, value, unique, exptime, options);
  };
  return {
    client,
    beforeNextCas(hook: (key: string) => Promise<void>) {
      before = hook;
    },
  };
}

const SETUPS = [
  { name: 'one server', locations: [memcached.location] },
  { name: 'a pool of three', locations: [...memcachedPool.locations] },
];

describe.each(SETUPS)('compareAndSet on $name', ({ locations }) => {
  let raw: RawClient;
  let namespace: string;
  let adapter: CacheAdapter;
  /** The memcached key of a caller key of this test's namespace. */
  const stored = (key: string) => escapedKey(namespace, key);

  beforeAll(() => {
    raw = rawClient(locations);
  });
  afterAll(() => raw.end());
  beforeEach(() => {
    namespace = uniqueNamespace('cas');
    adapter = createMemcachedAdapter({ servers: locations, namespace });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await adapter.clear();
    await adapter.dispose();
  });

  it('declares the capability', () => {
    expect(adapter.capabilities.compareAndSet).toBe(true);
    expect(typeof adapter.compareAndSet).toBe('function');
  });

  it('adds to an absent key and refuses a present one, leaving it unchanged', async () => {
    expect(await compareAndSet(adapter, [['k', undefined, { payload: 'first' }]])).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'first' });
    expect(await compareAndSet(adapter, [['k', undefined, { payload: 'second' }]])).toEqual([
      false,
    ]);
    expect(await adapter.get('k')).toEqual({ payload: 'first' });
  });

  it('replaces a matching payload, and refuses a mismatch or a deleted key', async () => {
    await adapter.set('k', { payload: 'lease-1' });
    expect(await compareAndSet(adapter, [['k', 'lease-2', { payload: 'value' }]])).toEqual([false]);
    expect(await adapter.get('k')).toEqual({ payload: 'lease-1' });
    const expiresAt = Date.now() + 60_000;
    expect(
      await compareAndSet(adapter, [['k', 'lease-1', { payload: 'value', expiresAt }]]),
    ).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'value', expiresAt });

    expect(await compareAndSet(adapter, [['gone', undefined, { payload: 'lease' }]])).toEqual([
      true,
    ]);
    expect(await adapter.delete('gone')).toBe(true);
    expect(await compareAndSet(adapter, [['gone', 'lease', { payload: 'value' }]])).toEqual([
      false,
    ]);
    expect(await adapter.get('gone')).toBeUndefined();
    expect(await raw.get(stored('gone'))).toBeUndefined();
  });

  it('reads foreign bytes as absent for add and as a mismatch for replace', async () => {
    // Arbitrary text, empty, and text shaped like an entry of another generation.
    const foreign = ['not a pc entry', '', 'abcdefghijkr|looks-like-ours'];
    const keys = foreign.map((_, index) => `foreign-${index}`);
    for (const [index, value] of foreign.entries()) await raw.set(stored(keys[index]!), value);

    const replaced = await compareAndSet(
      adapter,
      keys.flatMap((key, index) => [
        [key, foreign[index]!, { payload: 'x' }] as const,
        [key, 'looks-like-ours', { payload: 'x' }] as const,
      ]),
    );
    expect(replaced).toEqual(keys.flatMap(() => [false, false]));
    for (const [index, key] of keys.entries())
      expect(await raw.get(stored(key))).toBe(foreign[index]);

    expect(
      await compareAndSet(
        adapter,
        keys.map((key) => [key, undefined, { payload: `mine-${key}` }]),
      ),
    ).toEqual(keys.map(() => true));
    expect((await adapter.getMany(keys)).map((entry) => entry?.payload)).toEqual(
      keys.map((key) => `mine-${key}`),
    );
  });

  it('reads an entry of an older generation (before clear) as absent', async () => {
    await adapter.setMany([
      ['a', { payload: 'old-a' }],
      ['b', { payload: 'old-b' }],
    ]);
    await adapter.clear();
    expect(
      await compareAndSet(adapter, [
        ['a', 'old-a', { payload: 'new-a' }],
        ['b', undefined, { payload: 'new-b' }],
      ]),
    ).toEqual([false, true]);
    expect(await adapter.get('a')).toBeUndefined();
    expect(await adapter.get('b')).toEqual({ payload: 'new-b' });
  });

  it('reads an entry past its expiresAt as absent while memcached still holds it', async () => {
    const expiresAt = Date.now() + 5000;
    await adapter.setMany([
      ['a', { payload: 'old', expiresAt }],
      ['b', { payload: 'old', expiresAt }],
    ]);
    vi.useFakeTimers({ toFake: ['Date'], now: expiresAt });
    expect(
      await compareAndSet(adapter, [
        ['a', 'old', { payload: 'new' }],
        ['b', undefined, { payload: 'new' }],
      ]),
    ).toEqual([false, true]);
    expect(await adapter.get('a')).toBeUndefined();
    expect(await adapter.get('b')).toEqual({ payload: 'new' });
  });

  it('applies a key given twice in one call in input order', async () => {
    expect(
      await compareAndSet(adapter, [
        ['k', undefined, { payload: 'lease' }],
        ['k', 'lease', { payload: 'value' }],
        ['k', undefined, { payload: 'other lease' }],
        ['k', 'lease', { payload: 'stale' }],
        ['k', 'value', { payload: 'value 2' }],
      ]),
    ).toEqual([true, true, false, false, true]);
    expect(await adapter.get('k')).toEqual({ payload: 'value 2' });
  });

  it('with an expired entry, removes the matched entry and resolves false', async () => {
    await adapter.setMany([
      ['match', { payload: 'lease' }],
      ['mismatch', { payload: 'other' }],
    ]);
    const past = { payload: 'value', expiresAt: Date.now() - 1 };
    expect(
      await compareAndSet(adapter, [
        ['match', 'lease', past],
        ['mismatch', 'lease', past],
        ['absent', undefined, past],
      ]),
    ).toEqual([false, false, false]);
    expect(await raw.get(stored('match'))).toBeUndefined();
    expect(await adapter.get('mismatch')).toEqual({ payload: 'other' });
    expect(await raw.get(stored('absent'))).toBeUndefined();
  });

  it('stores no expiry as exptime 0 and a TTL over 30 days as a Unix time', async () => {
    const ttl = async (key: string) =>
      Number((await metaGet(raw.serverFor(stored(key)), stored(key), ['u', 't']))?.t);
    const longExpiry = Date.now() + 40 * DAY;
    await compareAndSet(adapter, [
      ['added', undefined, { payload: 'v' }],
      ['long', undefined, { payload: 'lease', expiresAt: Date.now() + 10_000 }],
      ['long', 'lease', { payload: 'v', expiresAt: longExpiry }],
      ['replaced', undefined, { payload: 'lease', expiresAt: Date.now() + 10_000 }],
      ['replaced', 'lease', { payload: 'v' }],
    ]);
    expect(await ttl('added')).toBe(-1);
    expect(await ttl('replaced')).toBe(-1);
    // Read as relative seconds it would be expired at once; as a Unix time, ~40 days
    // remain (memcached's own clock ticks once a second and lags by up to a few).
    expect(await ttl('long')).toBeGreaterThan(39 * 24 * 3600);
    expect(await ttl('long')).toBeLessThan(40 * 24 * 3600 + 60);
    expect((await adapter.get('long'))?.payload).toBe('v');
  });

  it('validates every item before writing any', async () => {
    const tooLarge = { payload: 'x'.repeat(adapter.capabilities.maxValueBytes + 1) };
    await expect(
      compareAndSet(adapter, [
        ['first', undefined, { payload: 'v' }],
        ['second', undefined, tooLarge],
      ]),
    ).rejects.toSatisfy((error) => ValueTooLargeError.isInstance(error));
    await expect(
      compareAndSet(adapter, [
        ['first', undefined, { payload: 'v' }],
        ['second', 42 as unknown as string, { payload: 'v' }],
      ]),
    ).rejects.toSatisfy((error) => SerializationError.isInstance(error));
    expect(await raw.get(stored('first'))).toBeUndefined();
  });

  it('does not write a key deleted or replaced between its comparison and its write', async () => {
    const hooked = clientWithCasHook(locations);
    const victim = createMemcachedAdapter({ client: hooked.client, namespace });
    try {
      await adapter.setMany([
        ['deleted', { payload: 'lease' }],
        ['replaced', { payload: 'lease' }],
      ]);
      await raw.set(stored('foreign'), 'foreign bytes');

      hooked.beforeNextCas(async () => {
        await adapter.delete('deleted');
      });
      expect(await compareAndSet(victim, [['deleted', 'lease', { payload: 'fill' }]])).toEqual([
        false,
      ]);
      expect(await raw.get(stored('deleted'))).toBeUndefined();

      hooked.beforeNextCas(async () => {
        await adapter.set('replaced', { payload: 'newer' });
      });
      expect(await compareAndSet(victim, [['replaced', 'lease', { payload: 'fill' }]])).toEqual([
        false,
      ]);
      expect(await adapter.get('replaced')).toEqual({ payload: 'newer' });

      // Add over foreign bytes: another client stores a live entry after the
      // adapter judged the bytes dead; the add must then see it and refuse.
      hooked.beforeNextCas(async () => {
        await adapter.set('foreign', { payload: 'live' });
      });
      expect(await compareAndSet(victim, [['foreign', undefined, { payload: 'lease' }]])).toEqual([
        false,
      ]);
      expect(await adapter.get('foreign')).toEqual({ payload: 'live' });
    } finally {
      await victim.dispose();
      hooked.client.close();
    }
  });

  it('lets exactly one of two adapters win each key when they race adds', async () => {
    const other = createMemcachedAdapter({ servers: locations, namespace });
    try {
      const keys = Array.from({ length: 120 }, (_, index) => `race-${index}`);
      // A third of the keys absent, a third holding foreign bytes, a third
      // holding entries of the generation before a clear (the gets + cas path).
      await adapter.setMany(
        keys.filter((_, index) => index % 3 === 2).map((key) => [key, { payload: 'old' }]),
      );
      await adapter.clear();
      for (const [index, key] of keys.entries()) {
        if (index % 3 === 1) await raw.set(stored(key), 'foreign bytes');
      }
      const attempt = (label: string) =>
        keys.map((key) => [key, undefined, { payload: `${label}:${key}` }] as const);
      // Both batches start in the same tick: the race happens on the servers.
      const [first, second] = await Promise.all([
        compareAndSet(adapter, attempt('first')),
        compareAndSet(other, attempt('second')),
      ]);
      const found = await other.getMany(keys);
      for (const [index, key] of keys.entries()) {
        expect([first[index], second[index]].filter(Boolean), key).toHaveLength(1);
        const winner = first[index] ? 'first' : 'second';
        expect(found[index], key).toEqual({ payload: `${winner}:${key}` });
      }
    } finally {
      await other.dispose();
    }
  });
});

/** Runs `operation` until it stops failing with `BackendUnavailableError` (a server restarting). */
async function once<T>(operation: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!BackendUnavailableError.isInstance(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

describe('a lease lost for real makes the fill fail', () => {
  const lease = (label: string) => ({
    payload: `L${label}-${'t'.repeat(300)}`,
    expiresAt: Date.now() + 60_000,
  });

  describe('to eviction', () => {
    let server: MemcachedServerHandle;
    beforeAll(async () => {
      // memcached's smallest memory limit (1 MB) needs items of at most half of it.
      // No automove: the generation record's slab page stays put, so only the
      // flooded slab class loses items.
      server = await startMemcached({
        memoryMegabytes: 1,
        args: ['-I', '512k', '-o', 'slab_automove=0'],
      });
    });
    afterAll(() => server.stop());

    it('flooding the lease’s slab class evicts it, and the fill resolves false', async () => {
      const namespace = uniqueNamespace('evict');
      const adapter = createMemcachedAdapter({
        servers: server.location,
        namespace,
        itemSizeBytes: 512 * 1024,
      });
      const raw = rawClient(server.location);
      try {
        const entry = lease('evicted');
        expect(await compareAndSet(adapter, [['k', undefined, entry]])).toEqual([true]);
        const leaseKey = escapedKey(namespace, 'k');
        const leaseItem = await raw.get(leaseKey);
        expect(typeof leaseItem).toBe('string');
        // Items of the same size as the lease's, so they land in its slab class.
        const filler = 'f'.repeat((leaseItem as string).length);
        let written = 0;
        while ((await metaGet(server.location, leaseKey)) !== undefined) {
          expect(written, 'the lease was never evicted').toBeLessThan(200_000);
          await Promise.all(
            Array.from({ length: 200 }, (_, index) =>
              raw.set(`${leaseKey}-flood-${written + index}`, filler),
            ),
          );
          written += 200;
        }
        // Only the lease went: the generation record is still there.
        expect(await metaGet(server.location, `pc:${namespace}:!g0`)).toBeDefined();
        expect(
          await compareAndSet(adapter, [['k', entry.payload, { payload: 'loaded value' }]]),
        ).toEqual([false]);
        expect(await adapter.get('k')).toBeUndefined();
      } finally {
        raw.end();
        await adapter.dispose();
      }
    });
  });

  describe('to a restart', () => {
    let pool: MemcachedPoolHandle;
    let single: MemcachedServerHandle;
    beforeAll(async () => {
      [pool, single] = await Promise.all([startMemcachedPool({ size: 3 }), startMemcached()]);
    });
    afterAll(() => Promise.all([pool.stop(), single.stop()]));

    it('of the pool member holding the key', async () => {
      const namespace = uniqueNamespace('restart-pool');
      const adapter = createMemcachedAdapter({
        servers: pool.locations,
        namespace,
        retryDelayMilliseconds: 50,
      });
      const ring = rawClient(pool.locations);
      try {
        const keys = Array.from({ length: 30 }, (_, index) => `key-${index}`);
        const holder = ring.serverFor(escapedKey(namespace, keys[0]!));
        const elsewhere = keys.find(
          (key) => ring.serverFor(escapedKey(namespace, key)) !== holder,
        )!;
        const lost = lease('lost');
        const kept = lease('kept');
        expect(
          await compareAndSet(adapter, [
            [keys[0]!, undefined, lost],
            [elsewhere, undefined, kept],
          ]),
        ).toEqual([true, true]);

        await pool.servers.find((server) => server.location === holder)!.restart();

        expect(
          await once(() => compareAndSet(adapter, [[keys[0]!, lost.payload, { payload: 'v' }]])),
        ).toEqual([false]);
        expect(await adapter.get(keys[0]!)).toBeUndefined();
        // The other members kept their leases: those fills still work.
        expect(await compareAndSet(adapter, [[elsewhere, kept.payload, { payload: 'v' }]])).toEqual(
          [true],
        );
      } finally {
        ring.end();
        await adapter.dispose();
      }
    });

    it('of a single server', async () => {
      const adapter = createMemcachedAdapter({
        servers: single.location,
        namespace: uniqueNamespace('restart'),
        retryDelayMilliseconds: 50,
      });
      try {
        const lost = lease('lost');
        expect(await compareAndSet(adapter, [['k', undefined, lost]])).toEqual([true]);
        await single.restart();
        expect(
          await once(() => compareAndSet(adapter, [['k', lost.payload, { payload: 'v' }]])),
        ).toEqual([false]);
        expect(await adapter.get('k')).toBeUndefined();
      } finally {
        await adapter.dispose();
      }
    });
  });
});

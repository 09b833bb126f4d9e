import { connect } from 'node:net';
import { bindStore, type Cache, type CacheAdapter, createCache, defineStore } from '@pc/core';
import {
  type MemcachedPoolHandle,
  type MemcachedServerHandle,
  startMemcached,
  startMemcachedPool,
  testServices,
} from '@pc/test-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter, type MemcachedAdapterOptions } from '../src/index.js';
import { decodeEntry } from '../src/memcached-entry-codec.js';
import { escapedKey, metaGet, rawClient, uniqueNamespace } from './helpers.js';

/*
 * Issue 12, defects 1 and 6, on memcached (one server and a pool of three): a
 * load that raced an invalidation must never come back once the backend loses
 * records (slab LRU eviction, pool members restarting), and a value loaded
 * without a TTL has no expiry in memcached at all (exptime 0).
 *
 * Adapter keys the Cache uses (KeySpace in @pc/core): an entry is `e:<key>` at the
 * root and `e/<namespace>:<key>` in a namespace; a namespace's version record is
 * `n/<namespace>`. The adapter stores key K as `pc:<adapter namespace>:=K` (see
 * `escapedKey`), and its generation records as `pc:<adapter namespace>:!g<n>`.
 */

const { memcached, memcachedPool } = testServices();

const OLD = 'old value';
const NEW = 'new value';
/** Room for restarts and floods on a busy machine. */
const SLOW_TEST_TIMEOUT = 90_000;

function entryKeyOf(key: string, namespace?: string): string {
  return namespace === undefined ? `e:${key}` : `e/${namespace}:${key}`;
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Retries `operation` every 25 ms until it resolves, failing after `milliseconds`. */
async function eventually<T>(operation: () => Promise<T>, milliseconds = 30_000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Caches over separate adapter instances of one backend: two "processes" and a fresh one. */
interface Processes {
  readonly a: Cache;
  readonly b: Cache;
  readonly fresh: Cache;
}

/**
 * A's `getOrLoad` of every key misses and its loader waits on a gate; B
 * invalidates the keys; `whileLoading` runs (a restart loses records here, before
 * the fill); the loaders are released with OLD, and A's callers get OLD (they
 * asked before the invalidation).
 */
async function loadRacingInvalidation(
  { a, b }: Processes,
  keys: readonly string[],
  whileLoading?: () => Promise<void>,
): Promise<void> {
  const release = deferred();
  const loading = keys.map((key) => {
    const loaderStarted = deferred();
    const value = a.getOrLoad(key, async () => {
      loaderStarted.resolve();
      await release.promise;
      return OLD;
    });
    return { loaderStarted: loaderStarted.promise, value };
  });
  await Promise.all(loading.map(({ loaderStarted }) => loaderStarted));
  await b.invalidate({ keys });
  await whileLoading?.();
  release.resolve();
  for (const { value } of loading) expect(await value).toBe(OLD);
}

/**
 * Through every cache and every read: OLD never comes back. The loads use
 * `ttlMilliseconds: 0` (returned, not stored), so each read sees the same L2
 * state; at the end a new value is loaded, stored and shared as usual.
 */
async function expectInvalidatedValueGone(processes: Processes, key: string): Promise<void> {
  for (const [name, cache] of Object.entries(processes) as Array<[string, Cache]>) {
    expect(await cache.get(key), `get of ${key} through ${name}`).toBeUndefined();
    expect(
      await cache.getOrLoad(key, () => NEW, { ttlMilliseconds: 0 }),
      `getOrLoad of ${key} through ${name}`,
    ).toBe(NEW);
    expect(
      await cache.getManyOrLoad([key], async (keys) => keys.map(() => NEW), {
        ttlMilliseconds: 0,
      }),
      `getManyOrLoad of ${key} through ${name}`,
    ).toEqual([NEW]);
  }
  expect(await processes.fresh.getOrLoad(key, () => NEW)).toBe(NEW);
  expect(await processes.a.get(key)).toBe(NEW);
  expect(await processes.b.get(key)).toBe(NEW);
}

function inNamespace(processes: Processes, name: string): Processes {
  return {
    a: processes.a.namespace(name),
    b: processes.b.namespace(name),
    fresh: processes.fresh.namespace(name),
  };
}

interface Opened {
  readonly namespace: string;
  readonly root: Processes;
  readonly adapters: {
    readonly a: CacheAdapter;
    readonly b: CacheAdapter;
    readonly fresh: CacheAdapter;
  };
}

const opened: Array<Cache | CacheAdapter> = [];
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.dispose();
});

/** Three adapters of one namespace on the same servers, each under its own Cache (L1 off). */
function openProcesses(options: Omit<MemcachedAdapterOptions, 'namespace'>): Opened {
  const namespace = uniqueNamespace('stay-gone');
  const open = () => {
    const adapter = createMemcachedAdapter({ namespace, retryDelayMilliseconds: 50, ...options });
    // L1 off: without a bus, A's own L1 may serve what it loaded for its burst TTL
    // (DESIGN invariant 1); these tests look at the shared layer.
    const cache = createCache({ adapter, burst: false });
    opened.push(adapter, cache);
    return { adapter, cache };
  };
  const [a, b, fresh] = [open(), open(), open()];
  return {
    namespace,
    root: { a: a.cache, b: b.cache, fresh: fresh.cache },
    adapters: { a: a.adapter, b: b.adapter, fresh: fresh.adapter },
  };
}

/** Sends `text` to the memcached at `location` on a fresh connection; resolves with the reply. */
function command(location: string, text: string, complete: (reply: string) => boolean) {
  const [host, port] = location.split(':');
  return new Promise<string>((resolve, reject) => {
    let reply = '';
    const socket = connect({ host: host!, port: Number(port) });
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no reply from ${location}`)));
    socket.once('connect', () => socket.write(text));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (!complete(reply)) return;
      socket.destroy();
      resolve(reply);
    });
    socket.once('error', reject);
  });
}

/**
 * Keys a server holds, from `lru_crawler metadump all` (which bumps nothing). The
 * crawler can miss an item that moves between LRU segments while it walks, so
 * the union of a few dumps is taken.
 */
async function storedKeys(location: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let dump = 0; dump < 3; dump++) {
    const reply = await command(location, 'lru_crawler metadump all\r\n', (text) =>
      text.endsWith('END\r\n'),
    );
    for (const match of reply.matchAll(/^key=(\S+)/gm)) keys.add(decodeURIComponent(match[1]!));
  }
  return keys;
}

/** `evictions` from `stats`. */
async function evictions(location: string): Promise<number> {
  const reply = await command(location, 'stats\r\n', (text) => text.endsWith('END\r\n'));
  return Number(/^STAT evictions (\d+)/m.exec(reply)?.[1]);
}

/** Stores items with `set ... noreply`, pipelined; resolves once the server has read them all. */
async function setQuietly(location: string, items: ReadonlyArray<readonly [string, string]>) {
  const sets = items.map(
    ([key, value]) => `set ${key} 0 0 ${value.length} noreply\r\n${value}\r\n`,
  );
  // `mn` (meta no-op) answers `MN` after every command sent before it.
  await command(location, `${sets.join('')}mn\r\n`, (reply) => reply.includes('MN\r\n'));
}

describe('a value loaded while its key was invalidated stays gone after slab LRU eviction', () => {
  let server: MemcachedServerHandle;
  beforeAll(async () => {
    // memcached's smallest memory limit (1 MB) needs items of at most half of it.
    // No automove: slab pages stay with their class, so only the flooded classes
    // lose items.
    server = await startMemcached({
      memoryMegabytes: 1,
      args: ['-I', '512k', '-o', 'slab_automove=0'],
    });
  });
  afterAll(() => server?.stop());

  it.each([
    { where: 'at the root', cacheNamespace: undefined },
    { where: 'in a namespace', cacheNamespace: uniqueNamespace('ns') },
  ])(
    '$where',
    async ({ cacheNamespace }) => {
      const processes = openProcesses({ servers: server.location, itemSizeBytes: 512 * 1024 });
      const { namespace, adapters } = processes;
      const view =
        cacheNamespace === undefined ? processes.root : inNamespace(processes.root, cacheNamespace);
      const key = 'item';
      await loadRacingInvalidation(view, [key]);

      // Records a reader of the key needs besides any fence: its entry, and the
      // namespace's version record. Reading them through an adapter (which also
      // reads the generation record) between flood batches keeps them in the LRU.
      const kept = [
        entryKeyOf(key, cacheNamespace),
        ...(cacheNamespace === undefined ? [] : [`n/${cacheNamespace}`]),
      ];
      const touch = () => adapters.a.getMany(kept);
      await touch();
      const prefix = `pc:${namespace}:`;
      const generationRecords = (
        await Promise.all(
          Array.from({ length: 4 }, (_, index) => `${prefix}!g${index}`).map(async (stored) =>
            (await metaGet(server.location, stored)) === undefined ? [] : [stored],
          ),
        )
      ).flat();
      expect(generationRecords.length).toBeGreaterThan(0);
      const keptStored = kept.map((adapterKey) => escapedKey(namespace, adapterKey));
      const doomed = [...(await storedKeys(server.location))].filter(
        (stored) =>
          stored.startsWith(prefix) &&
          !keptStored.includes(stored) &&
          !generationRecords.includes(stored),
      );
      // Filler items exactly as large as each doomed record (same key and value
      // lengths), so they land in its slab class; with nothing doomed, as large as
      // the generation record (a class that has memory).
      const shapes = await Promise.all(
        (doomed.length > 0 ? doomed : generationRecords).map(async (stored) => ({
          keyLength: stored.length,
          valueLength: Number((await metaGet(server.location, stored, ['u', 's']))?.s),
        })),
      );
      const evictionsBefore = await evictions(server.location);
      const deadline = Date.now() + 60_000;
      let written = 0;
      for (;;) {
        await setQuietly(
          server.location,
          Array.from({ length: 200 }, (_, index) => {
            const shape = shapes[(written + index) % shapes.length]!;
            const filler = `f${written + index}-`.padEnd(shape.keyLength, 'f');
            return [filler, 'x'.repeat(shape.valueLength)] as const;
          }),
        );
        written += 200;
        await touch();
        const remaining = (
          await Promise.all(doomed.map((stored) => metaGet(server.location, stored)))
        ).filter((found) => found !== undefined).length;
        const evicted = (await evictions(server.location)) - evictionsBefore;
        if (remaining === 0 && evicted >= 200) break;
        if (Date.now() > deadline) {
          throw new Error(
            `the flood did not evict ${remaining} of ${doomed.join(', ')} (${evicted} evictions)`,
          );
        }
      }

      await expectInvalidatedValueGone(view, key);
    },
    SLOW_TEST_TIMEOUT,
  );
});

describe('a value loaded while its key was invalidated stays gone after pool members restart', () => {
  let pool: MemcachedPoolHandle;
  beforeAll(async () => {
    pool = await startMemcachedPool({ size: 3 });
  });
  afterAll(() => pool?.stop());

  /** A key of the namespace that the ring places on each server, by location. */
  function keyPerServer(namespace: string): Map<string, string> {
    const ring = rawClient(pool.locations);
    try {
      const keys = new Map<string, string>();
      for (let index = 0; keys.size < pool.locations.length; index++) {
        if (index > 10_000) throw new Error('some server gets no key');
        const candidate = `probe-${index}`;
        const server = ring.serverFor(escapedKey(namespace, candidate));
        if (!keys.has(server)) keys.set(server, candidate);
      }
      return keys;
    } finally {
      ring.end();
    }
  }

  /** Restarts `server` and waits until every adapter reaches every server again. */
  async function restart(processes: Opened, server: MemcachedServerHandle): Promise<void> {
    const probes = keyPerServer(processes.namespace);
    const marker = probes.get(server.location)!;
    await processes.adapters.b.set(marker, { payload: 'before the restart' });
    await server.restart();
    for (const adapter of Object.values(processes.adapters)) {
      await eventually(() => adapter.getMany([...probes.values()]));
    }
    // The loss happened: the restarted server is empty.
    expect(await processes.adapters.b.get(marker)).toBeUndefined();
  }

  it(
    'every member restarts while the racing load runs',
    async () => {
      const processes = openProcesses({ servers: pool.locations });
      const key = 'item';
      await loadRacingInvalidation(processes.root, [key], async () => {
        for (const server of pool.servers) await restart(processes, server);
      });
      await expectInvalidatedValueGone(processes.root, key);
    },
    SLOW_TEST_TIMEOUT,
  );

  it(
    'after the load, every member but the one holding the entries restarts',
    async () => {
      const processes = openProcesses({ servers: pool.locations });
      const ring = rawClient(pool.locations);
      let keys: string[];
      let keeper: string;
      try {
        // Keys whose entries share one member; the Cache's other records for them
        // may live on any member, and those on the others are lost.
        const holderOf = (key: string) =>
          ring.serverFor(escapedKey(processes.namespace, entryKeyOf(key)));
        const candidates = Array.from({ length: 200 }, (_, index) => `item-${index}`);
        keeper = holderOf(candidates[0]!);
        keys = candidates.filter((key) => holderOf(key) === keeper).slice(0, 6);
      } finally {
        ring.end();
      }
      expect(keys).toHaveLength(6);
      await loadRacingInvalidation(processes.root, keys);

      for (const server of pool.servers.filter((each) => each.location !== keeper)) {
        await restart(processes, server);
      }
      for (const key of keys) await expectInvalidatedValueGone(processes.root, key);
    },
    SLOW_TEST_TIMEOUT,
  );
});

describe('a value loaded without a TTL has no expiry in memcached', () => {
  it.each([
    { setup: 'one server', locations: [memcached.location] },
    { setup: 'a pool of three', locations: [...memcachedPool.locations] },
  ])(
    'on $setup: through getOrLoad, getManyOrLoad, a namespace and a store without ttlMilliseconds',
    async ({ locations }) => {
      const { namespace, root } = openProcesses({ servers: locations });
      const raw = rawClient(locations);
      try {
        const cacheNamespace = uniqueNamespace('ns');
        const store = bindStore(
          root.a,
          defineStore<string, string>({
            name: 'things',
            key: (id) => id,
            load: async (id) => `thing ${id}`,
          }),
        );

        expect(await root.a.getOrLoad('one', () => 'value one')).toBe('value one');
        expect(
          await root.a.getManyOrLoad(['two'], async (keys) => keys.map(() => 'value two')),
        ).toEqual(['value two']);
        expect(await root.a.namespace(cacheNamespace).getOrLoad('three', () => 'value three')).toBe(
          'value three',
        );
        expect(await store.get('4')).toBe('thing 4');

        const stored = [
          [entryKeyOf('one'), 'value one'],
          [entryKeyOf('two'), 'value two'],
          [entryKeyOf('three', cacheNamespace), 'value three'],
          [entryKeyOf(store.keyOf('4')), 'thing 4'],
        ] as const;
        for (const [adapterKey, value] of stored) {
          const key = escapedKey(namespace, adapterKey);
          // `t`: remaining TTL in seconds, -1 for an item stored with exptime 0.
          const item = await metaGet(raw.serverFor(key), key, ['u', 't']);
          expect(item, `item ${key}`).toBeDefined();
          expect(item!.t, `TTL of ${key}`).toBe('-1');
          // The adapter also checks an expiry in the value's header on every read.
          const entry = decodeEntry(await raw.get(key))?.entry;
          expect(entry?.expiresAt, `expiresAt in the value of ${key}`).toBeUndefined();
          expect(entry?.payload).toContain(value);
        }

        const reload = () => {
          throw new Error('loaded again: the stored value is gone');
        };
        for (const cache of [root.a, root.b, root.fresh]) {
          expect(await cache.get('one')).toBe('value one');
          expect(await cache.getOrLoad('one', reload)).toBe('value one');
          expect(await cache.getManyOrLoad(['two'], reload)).toEqual(['value two']);
          expect(await cache.namespace(cacheNamespace).getOrLoad('three', reload)).toBe(
            'value three',
          );
          expect(await cache.get(store.keyOf('4'))).toBe('thing 4');
        }
      } finally {
        raw.end();
      }
    },
  );
});

import { bindStore, type Cache, createCache, defineStore } from '@pc/core';
import {
  type RedisClusterHandle,
  type RedisServerHandle,
  startRedis,
  startRedisCluster,
  testServices,
} from '@pc/test-services';
import { Cluster, type Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeEntry } from '../src/entry-codec.js';
import { createRedisAdapter, type RedisAdapter, type RedisAdapterOptions } from '../src/index.js';
import { keySlot } from '../src/slot-batches.js';
import { eventually, PATIENT, rawClient, uniqueName } from './helpers.js';

/*
 * Issue 12, defects 1 and 6, on Redis and Redis Cluster: a load that raced an
 * invalidation must never come back once the backend loses records (maxmemory
 * eviction, a restart without persistence, a cluster master restarting empty),
 * and a value loaded without a TTL has no expiry in Redis at all.
 *
 * Adapter keys the Cache uses (KeySpace in @pc/core): an entry is `e:<key>` at the
 * root and `e/<namespace>:<key>` in a namespace; a namespace's version record is
 * `n/<namespace>`. The adapter stores key K as `pc:<adapter namespace>:K`.
 */

const { redis, redisCluster } = testServices();

const OLD = 'old value';
const NEW = 'new value';
const DAY = 24 * 60 * 60 * 1000;
/** Room for restarts: a cluster node rejoins in a few seconds, more on a busy machine. */
const RESTART_TEST_TIMEOUT = 90_000;

type ConnectionOptions = Omit<RedisAdapterOptions, 'namespace'>;

function entryKeyOf(key: string, namespace?: string): string {
  return namespace === undefined ? `e:${key}` : `e/${namespace}:${key}`;
}

function redisKeyOf(adapter: RedisAdapter, adapterKey: string): string {
  return `pc:${adapter.namespace}:${adapterKey}`;
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
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
  readonly root: Processes;
  readonly adapters: {
    readonly a: RedisAdapter;
    readonly b: RedisAdapter;
    readonly fresh: RedisAdapter;
  };
}

const opened: Array<Cache | RedisAdapter> = [];
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.dispose();
});

/** Three adapters of one namespace on one backend, each under its own Cache (L1 off). */
function openProcesses(connection: ConnectionOptions): Opened {
  const namespace = uniqueName('stay-gone');
  const open = () => {
    const adapter = createRedisAdapter({
      namespace,
      maxReconnectDelayMilliseconds: 200,
      // A fill that ran past a short deadline fails open (returned, not stored),
      // which a busy machine must not turn into a failed PTTL or reload check.
      ...PATIENT,
      ...connection,
    } as RedisAdapterOptions);
    // L1 off: without a bus, A's own L1 may serve what it loaded for its burst TTL
    // (DESIGN invariant 1); these tests look at the shared layer.
    const cache = createCache({ adapter, burst: false });
    opened.push(adapter, cache);
    return { adapter, cache };
  };
  const [a, b, fresh] = [open(), open(), open()];
  return {
    root: { a: a.cache, b: b.cache, fresh: fresh.cache },
    adapters: { a: a.adapter, b: b.adapter, fresh: fresh.adapter },
  };
}

/** Resolves once every adapter answers again for `adapterKeys` (after a restart). */
async function reconnected(opened: Opened, adapterKeys: readonly string[]): Promise<void> {
  for (const adapter of Object.values(opened.adapters)) {
    await eventually(() => adapter.getMany(adapterKeys), 30_000);
  }
}

/** `evicted_keys` from `INFO stats`. */
async function evictedKeys(client: Redis): Promise<number> {
  return Number(/^evicted_keys:(\d+)/m.exec(await client.info('stats'))?.[1]);
}

/** Keys of the adapter's namespace, from SCAN. */
async function keysOf(client: Redis, adapter: RedisAdapter): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(
      cursor,
      'MATCH',
      `pc:${adapter.namespace}:*`,
      'COUNT',
      1000,
    );
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describe('a value loaded while its key was invalidated stays gone after maxmemory eviction (allkeys-lru)', () => {
  let server: RedisServerHandle;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedis({
      args: [
        '--maxmemory',
        '4mb',
        '--maxmemory-policy',
        'allkeys-lru',
        // Close to exact LRU for the few hundred keys that fit.
        '--maxmemory-samples',
        '64',
      ],
    });
    client = rawClient(server.port);
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  it.each([
    { where: 'at the root', namespace: undefined },
    { where: 'in a namespace', namespace: uniqueName('ns') },
  ])(
    '$where',
    async ({ namespace }) => {
      const processes = openProcesses({ url: server.url });
      const view =
        namespace === undefined ? processes.root : inNamespace(processes.root, namespace);
      const key = 'item';
      await loadRacingInvalidation(view, [key]);

      // Records a reader of the key needs besides any fence: its entry, and the
      // namespace's version record. They are read between flood batches.
      const adapter = processes.adapters.a;
      const kept = [
        entryKeyOf(key, namespace),
        ...(namespace === undefined ? [] : [`n/${namespace}`]),
      ].map((adapterKey) => redisKeyOf(adapter, adapterKey));
      const doomed = (await keysOf(client, adapter)).filter((redisKey) => !kept.includes(redisKey));
      const evictedBefore = await evictedKeys(client);

      // Redis's LRU clock ticks once a second, so a key written and a key read in
      // the same second look equally old. Junk is therefore restored with
      // IDLETIME 2: always older than the kept records (read after every batch),
      // and in time younger than whatever was not read since the race.
      await client.set('junk-template', 'j'.repeat(10_000));
      const template = await client.dumpBuffer('junk-template');
      await client.del('junk-template');
      const deadline = Date.now() + 30_000;
      let junk = 0;
      for (;;) {
        const pipeline = client.pipeline();
        for (let index = 0; index < 25; index++) {
          junk += 1;
          pipeline.restore(`junk:${junk}`, 0, template, 'IDLETIME', 2);
        }
        await pipeline.exec();
        for (const redisKey of kept) await client.get(redisKey);
        const evicted = (await evictedKeys(client)) - evictedBefore;
        const remaining = doomed.length === 0 ? 0 : await client.exists(...doomed);
        if (evicted >= 300 && remaining === 0) break;
        if (Date.now() > deadline) {
          throw new Error(
            `eviction did not remove ${remaining} of ${doomed.join(', ')} (${evicted} keys evicted)`,
          );
        }
      }

      await expectInvalidatedValueGone(view, key);
    },
    60_000,
  );
});

describe('a value loaded while its key was invalidated stays gone after a restart without persistence', () => {
  let server: RedisServerHandle;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server?.stop());

  // A restart loses everything, entries included, so it matters while the load
  // runs: after the invalidation, before the fill.
  it(
    'the server restarts while the racing load runs',
    async () => {
      const processes = openProcesses({ url: server.url });
      const key = 'item';
      await loadRacingInvalidation(processes.root, [key], async () => {
        await processes.adapters.b.set('restart-marker', { payload: 'before the restart' });
        await server.restart();
        await reconnected(processes, ['restart-marker']);
        // The loss happened: the restarted server is empty.
        expect(await processes.adapters.b.get('restart-marker')).toBeUndefined();
      });
      await expectInvalidatedValueGone(processes.root, key);
    },
    RESTART_TEST_TIMEOUT,
  );
});

describe('a value loaded while its key was invalidated stays gone after a cluster master restarts empty', () => {
  let cluster: RedisClusterHandle;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.stop());

  const connect = (): ConnectionOptions => ({
    clusterNodes: cluster.ports.map((port) => ({ host: cluster.host, port })),
  });

  /**
   * Which master serves each key, from `CLUSTER SLOTS` (restarts keep the slot
   * assignment: a node rejoins with its nodes.conf on the same port).
   */
  async function slotOwners(): Promise<(redisKey: string) => RedisServerHandle> {
    const client = rawClient(cluster.ports[0]!);
    try {
      const ranges = await client.cluster('SLOTS');
      return (redisKey) => {
        const slot = keySlot(redisKey);
        const range = ranges.find(([start, end]) => start <= slot && slot <= end);
        const node = cluster.nodes.find((each) => each.port === Number(range?.[2]?.[1]));
        if (node === undefined) throw new Error(`no master serves slot ${slot}`);
        return node;
      };
    } finally {
      client.disconnect();
    }
  }

  /** Whether `redisKey` exists on `node`. */
  async function existsOn(node: RedisServerHandle, redisKey: string): Promise<boolean> {
    const client = rawClient(node.port);
    try {
      return (await client.exists(redisKey)) === 1;
    } finally {
      client.disconnect();
    }
  }

  it(
    'the master of the key restarts while the racing load runs',
    async () => {
      const processes = openProcesses(connect());
      // A hash tag in the key puts every record of the key in one slot, so the
      // restart loses all of them, whatever the Cache keeps per key.
      const key = '{item}';
      const marker = 'marker-{item}';
      await loadRacingInvalidation(processes.root, [key], async () => {
        await processes.adapters.b.set(marker, { payload: 'before the restart' });
        const master = (await slotOwners())(redisKeyOf(processes.adapters.b, marker));
        await master.restart();
        await reconnected(processes, [marker, entryKeyOf(key)]);
        // The loss happened: the restarted master is empty.
        expect(await existsOn(master, redisKeyOf(processes.adapters.b, marker))).toBe(false);
      });
      await expectInvalidatedValueGone(processes.root, key);
    },
    RESTART_TEST_TIMEOUT,
  );

  it(
    'after the load, every master but the one holding the entries restarts',
    async () => {
      const processes = openProcesses(connect());
      const { a, b } = processes.adapters;
      const ownerOf = await slotOwners();
      // Keys whose entries share one master; the Cache's other records for them
      // may live on any master, and those on the others are lost.
      const candidates = Array.from({ length: 200 }, (_, index) => `item-${index}`);
      const keeper = ownerOf(redisKeyOf(a, entryKeyOf(candidates[0]!)));
      const keys = candidates
        .filter((key) => ownerOf(redisKeyOf(a, entryKeyOf(key))) === keeper)
        .slice(0, 6);
      expect(keys).toHaveLength(6);
      await loadRacingInvalidation(processes.root, keys);

      for (const node of cluster.nodes.filter((each) => each !== keeper)) {
        const marker = Array.from({ length: 1000 }, (_, index) => `marker-${index}`).find(
          (candidate) => ownerOf(redisKeyOf(a, candidate)) === node,
        )!;
        await b.set(marker, { payload: 'before the restart' });
        await node.restart();
        await reconnected(processes, [marker, ...keys.map((key) => entryKeyOf(key))]);
        // The loss happened: the restarted master is empty.
        expect(await existsOn(node, redisKeyOf(a, marker))).toBe(false);
      }

      for (const key of keys) await expectInvalidatedValueGone(processes.root, key);
    },
    RESTART_TEST_TIMEOUT,
  );
});

describe('a value loaded without a TTL has no expiry in Redis', () => {
  it.each([
    {
      topology: 'standalone',
      connect: (): ConnectionOptions => ({ url: redis.url }),
      raw: (): Redis | Cluster => rawClient(redis.port),
    },
    {
      topology: 'cluster',
      connect: (): ConnectionOptions => ({ clusterNodes: redisCluster.nodes }),
      raw: (): Redis | Cluster => new Cluster([...redisCluster.nodes]),
    },
  ])(
    'on $topology: through getOrLoad, getManyOrLoad, a namespace and a store without ttlMilliseconds',
    async ({ connect, raw }) => {
      const { root, adapters } = openProcesses(connect());
      const client = raw();
      try {
        const namespace = uniqueName('ns');
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
        expect(await root.a.namespace(namespace).getOrLoad('three', () => 'value three')).toBe(
          'value three',
        );
        expect(await store.get('4')).toBe('thing 4');

        const stored = [
          [entryKeyOf('one'), 'value one'],
          [entryKeyOf('two'), 'value two'],
          [entryKeyOf('three', namespace), 'value three'],
          [entryKeyOf(store.keyOf('4')), 'thing 4'],
        ] as const;
        for (const [adapterKey, value] of stored) {
          const redisKey = redisKeyOf(adapters.a, adapterKey);
          expect(await client.pttl(redisKey), `PTTL of ${redisKey}`).toBe(-1);
          // The adapter checks the expiry in the value's header on every read: two
          // days from now the value still decodes.
          const entry = decodeEntry(await client.get(redisKey), Date.now() + 2 * DAY);
          expect(entry?.expiresAt, `expiresAt in the value of ${redisKey}`).toBeUndefined();
          expect(entry?.payload).toContain(value);
        }

        const reload = () => {
          throw new Error('loaded again: the stored value is gone');
        };
        for (const cache of [root.a, root.b, root.fresh]) {
          expect(await cache.get('one')).toBe('value one');
          expect(await cache.getOrLoad('one', reload)).toBe('value one');
          expect(await cache.getManyOrLoad(['two'], reload)).toEqual(['value two']);
          expect(await cache.namespace(namespace).getOrLoad('three', reload)).toBe('value three');
          expect(await cache.get(store.keyOf('4'))).toBe('thing 4');
        }
      } finally {
        await client.quit();
      }
    },
  );
});

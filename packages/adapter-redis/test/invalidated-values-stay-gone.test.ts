import type { AdapterFactory } from '@pc/core';
import {
  codecTestConfigurations,
  describeLostRecordScenarios,
  type LostRecordAdapters,
} from '@pc/core/testing';
import {
  type RedisClusterHandle,
  type RedisServerHandle,
  startRedis,
  startRedisCluster,
  testServices,
} from '@pc/test-services';
import { Cluster, type Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { decodeEntry } from '../src/entry-codec.js';
import { createRedisAdapter, type RedisAdapter, type RedisAdapterOptions } from '../src/index.js';
import { keySlot } from '../src/slot-batches.js';
import { eventually, PATIENT, rawClient } from './helpers.js';

/*
 * Issue 12, defects 1 and 6, on Redis and Redis Cluster: a load that raced an
 * invalidation must never come back once the backend loses records (maxmemory
 * eviction, a restart without persistence, a cluster master restarting empty),
 * and a value loaded without a TTL has no expiry in Redis at all. The scenarios
 * are @pc/core/testing's; this file makes Redis lose records and reads its TTLs.
 * Each scenario runs without codecs and with values compressed and encrypted.
 *
 * The adapter stores key K as `pc:<adapter namespace>:K`.
 */

const { redis, redisCluster } = testServices();

const DAY = 24 * 60 * 60 * 1000;
/** Room for restarts: a cluster node rejoins in a few seconds, more on a busy machine. */
const RESTART_TEST_TIMEOUT = 90_000;

type ConnectionOptions = Omit<RedisAdapterOptions, 'namespace'>;

function redisKeyOf(adapter: RedisAdapter, adapterKey: string): string {
  return `pc:${adapter.namespace}:${adapterKey}`;
}

/** Adapters ("processes") on the Redis that `connection` reaches when the test runs. */
function processesOn(connection: () => ConnectionOptions): () => AdapterFactory<RedisAdapter> {
  return () => {
    const options = connection();
    return ({ namespace }) =>
      createRedisAdapter({
        namespace,
        maxReconnectDelayMilliseconds: 200,
        // A fill that ran past a short deadline fails open (returned, not stored),
        // which a busy machine must not turn into a failed PTTL or reload check.
        ...PATIENT,
        ...options,
      } as RedisAdapterOptions);
  };
}

/** Resolves once every adapter answers again for `adapterKeys` (after a restart). */
async function reconnected(
  adapters: LostRecordAdapters<RedisAdapter>,
  adapterKeys: readonly string[],
): Promise<void> {
  for (const adapter of Object.values(adapters)) {
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

describe('maxmemory eviction', () => {
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

  for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
    describeLostRecordScenarios<RedisAdapter>({
      name: transforms === 'none' ? 'redis (maxmemory 4mb)' : `redis (maxmemory 4mb) with ${name}`,
      cacheOptions: { codecs },
      backend: processesOn(() => ({ url: server.url })),
      loss: 'maxmemory eviction (allkeys-lru)',
      loseRecords: async ({ adapters, keep }) => {
        // The kept records are read between flood batches.
        const kept = keep.map((adapterKey) => redisKeyOf(adapters.a, adapterKey));
        const doomed = (await keysOf(client, adapters.a)).filter(
          (redisKey) => !kept.includes(redisKey),
        );
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
      },
    });
  }
});

describe('restart without persistence', () => {
  let server: RedisServerHandle;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server?.stop());

  // A restart loses everything, entries included, so it matters while the load
  // runs: after the invalidation, before the fill.
  for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
    describeLostRecordScenarios<RedisAdapter>({
      name: transforms === 'none' ? 'redis (standalone)' : `redis (standalone) with ${name}`,
      cacheOptions: { codecs },
      backend: processesOn(() => ({ url: server.url })),
      loss: 'the server restarts while the racing load runs',
      lossTiming: 'while-loading',
      namespaces: false,
      loseRecords: async ({ adapters }) => {
        await adapters.b.set('restart-marker', { payload: 'before the restart' });
        await server.restart();
        await reconnected(adapters, ['restart-marker']);
        // The loss happened: the restarted server is empty.
        expect(await adapters.b.get('restart-marker')).toBeUndefined();
      },
      testTimeoutMilliseconds: RESTART_TEST_TIMEOUT,
    });
  }
});

describe('cluster masters restarting empty', () => {
  let cluster: RedisClusterHandle;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.stop());

  const backend = processesOn(() => ({
    clusterNodes: cluster.ports.map((port) => ({ host: cluster.host, port })),
  }));

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

  for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
    describeLostRecordScenarios<RedisAdapter>({
      name:
        transforms === 'none'
          ? 'redis (cluster, one master)'
          : `redis (cluster, one master) with ${name}`,
      cacheOptions: { codecs },
      backend,
      loss: 'the master of the key restarts while the racing load runs',
      lossTiming: 'while-loading',
      namespaces: false,
      // A hash tag in the key puts every record of the key in one slot, so the
      // restart loses all of them, whatever the Cache keeps per key.
      keys: () => ['{item}'],
      loseRecords: async ({ adapters, keep }) => {
        const marker = 'marker-{item}';
        await adapters.b.set(marker, { payload: 'before the restart' });
        const master = (await slotOwners())(redisKeyOf(adapters.b, marker));
        await master.restart();
        await reconnected(adapters, [marker, ...keep]);
        // The loss happened: the restarted master is empty.
        expect(await existsOn(master, redisKeyOf(adapters.b, marker))).toBe(false);
      },
      testTimeoutMilliseconds: RESTART_TEST_TIMEOUT,
    });
  }

  for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
    describeLostRecordScenarios<RedisAdapter>({
      name:
        transforms === 'none'
          ? 'redis (cluster, all masters but one)'
          : `redis (cluster, all masters but one) with ${name}`,
      cacheOptions: { codecs },
      backend,
      loss: 'the load, when every master but the one holding the entries restarts',
      namespaces: false,
      // Keys whose entries share one master; the Cache's other records for them
      // may live on any master, and those on the others are lost.
      keys: async ({ adapters, entryKeyOf }) => {
        const ownerOf = await slotOwners();
        const holderOf = (key: string) => ownerOf(redisKeyOf(adapters.a, entryKeyOf(key)));
        const candidates = Array.from({ length: 200 }, (_, index) => `item-${index}`);
        const keeper = holderOf(candidates[0]!);
        const keys = candidates.filter((key) => holderOf(key) === keeper).slice(0, 6);
        expect(keys).toHaveLength(6);
        return keys;
      },
      loseRecords: async ({ adapters, keep }) => {
        const { a, b } = adapters;
        const ownerOf = await slotOwners();
        const keeper = ownerOf(redisKeyOf(a, keep[0]!));
        for (const node of cluster.nodes.filter((each) => each !== keeper)) {
          const marker = Array.from({ length: 1000 }, (_, index) => `marker-${index}`).find(
            (candidate) => ownerOf(redisKeyOf(a, candidate)) === node,
          )!;
          await b.set(marker, { payload: 'before the restart' });
          await node.restart();
          await reconnected(adapters, [marker, ...keep]);
          // The loss happened: the restarted master is empty.
          expect(await existsOn(node, redisKeyOf(a, marker))).toBe(false);
        }
      },
      testTimeoutMilliseconds: RESTART_TEST_TIMEOUT,
    });
  }
});

describe('no expiry in Redis', () => {
  for (const { topology, connect, raw } of [
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
  ]) {
    for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
      describeLostRecordScenarios<RedisAdapter>({
        name: transforms === 'none' ? `redis (${topology})` : `redis (${topology}) with ${name}`,
        cacheOptions: { codecs },
        backend: processesOn(connect),
        expectNoExpiry: async ({ adapter, entries }) => {
          const client = raw();
          try {
            for (const [adapterKey, value] of entries) {
              const redisKey = redisKeyOf(adapter, adapterKey);
              expect(await client.pttl(redisKey), `PTTL of ${redisKey}`).toBe(-1);
              // The adapter checks the expiry in the value's header on every read: two
              // days from now the value still decodes.
              const entry = decodeEntry(await client.get(redisKey), Date.now() + 2 * DAY);
              expect(entry?.expiresAt, `expiresAt in the value of ${redisKey}`).toBeUndefined();
              // Encrypted, a payload holds no value in clear text.
              if (transforms === 'none') expect(entry?.payload).toContain(value);
              else expect(entry?.payload).not.toContain(value);
            }
          } finally {
            await client.quit();
          }
        },
      });
    }
  }
});

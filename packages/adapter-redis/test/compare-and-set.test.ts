import {
  ClosedError,
  InvalidKeyError,
  InvalidOptionsError,
  SerializationError,
  TimeoutError,
  ValueTooLargeError,
} from '@pc/core';
import {
  freezeProcess,
  type RedisClusterHandle,
  type RedisServerHandle,
  startRedis,
  startRedisCluster,
  testServices,
  thawProcess,
} from '@pc/test-services';
import { Cluster, type Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter, type RedisAdapterOptions } from '../src/index.js';
import { keySlot } from '../src/slot-batches.js';
import { stagedKey } from '../src/staged-key.js';
import {
  commandCalls,
  DEADLINE_SLACK_MILLISECONDS,
  eventually,
  PATIENT,
  rawClient,
  uniqueName,
} from './helpers.js';

const { redis, redisCluster } = testServices();

type ConnectionOptions = Omit<RedisAdapterOptions, 'namespace'>;

/** The Redis key of `key` in the adapter's namespace (default `keyPrefix`). */
function redisKey(adapter: RedisAdapter, key: string): string {
  return `pc:${adapter.namespace}:${key}`;
}

/** A payload length that the adapter stages (8 KiB code units and more). */
const STAGED = 8 * 1024;

function lease(): string {
  return `L${Math.random().toString(36).slice(2)}`;
}

describe.each([
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
])('compareAndSet on $topology', ({ connect, raw }) => {
  const client = raw();
  const opened: RedisAdapter[] = [];
  /** An adapter; `namespace` shares one between instances (separate connections). */
  function open(options: Partial<RedisAdapterOptions> = {}): RedisAdapter {
    const adapter = createRedisAdapter({
      namespace: uniqueName('cas'),
      ...PATIENT,
      ...connect(),
      ...options,
    } as RedisAdapterOptions);
    opened.push(adapter);
    return adapter;
  }
  afterEach(async () => {
    for (const adapter of opened.splice(0)) {
      await adapter.clear().catch(() => undefined);
      await adapter.dispose();
    }
  });
  afterAll(() => client.quit());

  it('declares capabilities.compareAndSet', () => {
    const adapter = open();
    expect(adapter.capabilities.compareAndSet).toBe(true);
    expect(typeof adapter.compareAndSet).toBe('function');
  });

  it('add: stores an absent key; a present one stays unchanged and resolves false', async () => {
    const adapter = open();
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'first' }]])).toEqual([true]);
    expect(await adapter.get('k')).toEqual({ payload: 'first', expiresAt: undefined });
    const expiresAt = Date.now() + 60_000;
    expect(
      await adapter.compareAndSet([['k', undefined, { payload: 'second', expiresAt }]]),
    ).toEqual([false]);
    expect(await adapter.get('k')).toEqual({ payload: 'first', expiresAt: undefined });
    expect(await client.pttl(redisKey(adapter, 'k'))).toBe(-1);
  });

  it('replace: stores only when the live payload is exactly the expected one', async () => {
    const adapter = open();
    const token = lease();
    const leaseExpiry = Date.now() + 60_000;
    await adapter.compareAndSet([['k', undefined, { payload: token, expiresAt: leaseExpiry }]]);
    expect(await adapter.compareAndSet([['k', `${token}x`, { payload: 'wrong' }]])).toEqual([
      false,
    ]);
    expect(await adapter.compareAndSet([['k', token.slice(1), { payload: 'wrong' }]])).toEqual([
      false,
    ]);
    expect(await adapter.compareAndSet([['k', '', { payload: 'wrong' }]])).toEqual([false]);
    expect(await adapter.get('k')).toEqual({ payload: token, expiresAt: leaseExpiry });

    const expiresAt = Date.now() + 30_000;
    expect(await adapter.compareAndSet([['k', token, { payload: 'value', expiresAt }]])).toEqual([
      true,
    ]);
    expect(await adapter.get('k')).toEqual({ payload: 'value', expiresAt });
    // The lease is gone: a second fill with it fails.
    expect(await adapter.compareAndSet([['k', token, { payload: 'again' }]])).toEqual([false]);
    expect((await adapter.get('k'))?.payload).toBe('value');
  });

  it('a key deleted after the lease was taken is not written by the fill', async () => {
    const adapter = open();
    const other = open({ namespace: adapter.namespace });
    const token = lease();
    await adapter.compareAndSet([['k', undefined, { payload: token }]]);
    expect(await other.delete('k')).toBe(true);
    expect(await adapter.compareAndSet([['k', token, { payload: 'stale' }]])).toEqual([false]);
    expect(await adapter.get('k')).toBeUndefined();
    expect(await client.exists(redisKey(adapter, 'k'))).toBe(0);
  });

  it('an entry expired by its header counts as absent, as for get()', async () => {
    const adapter = open();
    // Redis still holds it (no PX), but its header says it expired a second ago.
    await client.set(redisKey(adapter, 'k'), `s${Date.now() - 1000}|old`);
    expect(await adapter.get('k')).toBeUndefined();
    expect(await adapter.compareAndSet([['k', 'old', { payload: 'fill' }]])).toEqual([false]);
    expect(await client.get(redisKey(adapter, 'k'))).toMatch(/\|old$/);
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'new' }]])).toEqual([true]);
    expect((await adapter.get('k'))?.payload).toBe('new');

    // Values pc cannot read are absent too: another application's string, another type.
    await client.set(redisKey(adapter, 'foreign'), 'not a pc value');
    await client.hset(redisKey(adapter, 'hash'), 'field', 'value');
    expect(
      await adapter.compareAndSet([
        ['foreign', 'not a pc value', { payload: 'x' }],
        ['hash', undefined, { payload: 'y' }],
      ]),
    ).toEqual([false, true]);
    expect(await adapter.get('foreign')).toBeUndefined();
    expect((await adapter.get('hash'))?.payload).toBe('y');
  });

  it('compares payloads as get() returns them: lone surrogates, empty and large payloads, WTF-8 keys', async () => {
    const adapter = open();
    const lone = 'lease \ud800 \udfff end';
    const wtf8Key = 'key \udc00';
    const large = 'x'.repeat(200_000);
    expect(
      await adapter.compareAndSet([
        [wtf8Key, undefined, { payload: lone }],
        ['empty', undefined, { payload: '' }],
        ['large', undefined, { payload: large }],
        ['key \ud800', undefined, { payload: 'other key' }],
      ]),
    ).toEqual([true, true, true, true]);
    // Lone surrogates would all read as U+FFFD through UTF-8: they must not match.
    expect(
      await adapter.compareAndSet([
        [wtf8Key, 'lease \ufffd \ufffd end', { payload: 'wrong' }],
        ['empty', undefined, { payload: 'wrong' }],
        ['large', `${large}y`, { payload: 'wrong' }],
        ['large', `${large.slice(1)}y`, { payload: 'wrong' }],
      ]),
    ).toEqual([false, false, false, false]);
    expect(
      await adapter.compareAndSet([
        [wtf8Key, lone, { payload: 'filled \udbff' }],
        ['empty', '', { payload: 'filled' }],
        ['large', large, { payload: 'filled' }],
      ]),
    ).toEqual([true, true, true]);
    expect(
      (await adapter.getMany([wtf8Key, 'empty', 'large', 'key \ud800'])).map(
        (entry) => entry?.payload,
      ),
    ).toEqual(['filled \udbff', 'filled', 'filled', 'other key']);
  });

  it('an entry without expiry gets no TTL, and clears the TTL of the value it replaces', async () => {
    const adapter = open();
    const key = redisKey(adapter, 'k');
    await adapter.compareAndSet([
      ['k', undefined, { payload: 'lease', expiresAt: Date.now() + 60_000 }],
    ]);
    const pttl = await client.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
    expect(await adapter.compareAndSet([['k', 'lease', { payload: 'forever' }]])).toEqual([true]);
    expect(await client.pttl(key)).toBe(-1);
    expect(await adapter.get('k')).toEqual({ payload: 'forever', expiresAt: undefined });

    const infinite = { payload: 'infinite', expiresAt: Number.POSITIVE_INFINITY };
    expect(await adapter.compareAndSet([['fresh', undefined, infinite]])).toEqual([true]);
    expect(await client.pttl(redisKey(adapter, 'fresh'))).toBe(-1);
  });

  it('an expiresAt at or before now removes the entry when the condition holds, and resolves false', async () => {
    const adapter = open();
    await adapter.setMany([
      ['matching', { payload: 'lease' }],
      ['other', { payload: 'other' }],
    ]);
    const past = { payload: 'expired', expiresAt: Date.now() - 1 };
    expect(
      await adapter.compareAndSet([
        ['matching', 'lease', past],
        ['other', 'lease', past],
        ['absent', undefined, past],
      ]),
    ).toEqual([false, false, false]);
    expect(await adapter.get('matching')).toBeUndefined();
    expect(await client.exists(redisKey(adapter, 'matching'))).toBe(0);
    expect((await adapter.get('other'))?.payload).toBe('other');
    expect(await adapter.get('absent')).toBeUndefined();
  });

  it('a key given twice in one call is applied in input order', async () => {
    const adapter = open();
    const filler = Array.from(
      { length: 40 },
      (_, index) => [`filler-${index}`, undefined, { payload: 'f' }] as const,
    );
    const results = await adapter.compareAndSet([
      ['k', undefined, { payload: 'A' }],
      ...filler.slice(0, 20),
      ['k', 'A', { payload: 'B' }],
      ['k', 'A', { payload: 'C' }],
      ...filler.slice(20),
      ['k', undefined, { payload: 'D' }],
      ['k', 'B', { payload: 'E' }],
    ]);
    expect(results[0]).toBe(true);
    expect(results.slice(21, 23)).toEqual([true, false]);
    expect(results.slice(-2)).toEqual([false, true]);
    expect(results.filter((stored) => stored)).toHaveLength(3 + filler.length);
    expect((await adapter.get('k'))?.payload).toBe('E');
  });

  it('validates every item before anything is written', async () => {
    const adapter = open({ maxValueBytes: 1000 });
    const good = ['good', undefined, { payload: 'v' }] as const;
    await expect(
      adapter.compareAndSet([good, ['big', undefined, { payload: 'x'.repeat(1001) }]]),
    ).rejects.toSatisfy((error) => ValueTooLargeError.isInstance(error));
    await expect(
      adapter.compareAndSet([good, ['', undefined, { payload: 'v' }]]),
    ).rejects.toSatisfy((error) => InvalidKeyError.isInstance(error));
    await expect(
      adapter.compareAndSet([good, ['k', 42 as unknown as string, { payload: 'v' }]]),
    ).rejects.toSatisfy((error) => InvalidOptionsError.isInstance(error));
    await expect(
      adapter.compareAndSet([good, ['k', undefined, { payload: 7 as unknown as string }]]),
    ).rejects.toSatisfy((error) => SerializationError.isInstance(error));
    await expect(
      adapter.compareAndSet([
        good,
        'k' as unknown as readonly [string, undefined, { payload: string }],
      ]),
    ).rejects.toSatisfy((error) => InvalidOptionsError.isInstance(error));
    expect(await adapter.get('good')).toBeUndefined();
    expect(await adapter.compareAndSet([])).toEqual([]);
  });

  it('rejects with ClosedError after dispose', async () => {
    const adapter = open();
    await adapter.dispose();
    await expect(adapter.compareAndSet([['k', undefined, { payload: 'v' }]])).rejects.toSatisfy(
      (error) => ClosedError.isInstance(error),
    );
  });

  it('two adapter instances racing adds on the same keys: exactly one wins each key', async () => {
    const first = open();
    const second = open({ namespace: first.namespace });
    // Both connections ready, so neither side starts late.
    await Promise.all([first.get('warm-up'), second.get('warm-up')]);
    const keys = Array.from({ length: 300 }, (_, index) => `race-${index}`);
    const add = (adapter: RedisAdapter, key: string, payload: string) =>
      adapter.compareAndSet([[key, undefined, { payload }]]).then(([stored]) => stored!);
    const outcomes = await Promise.all(
      keys.map((key, index) =>
        // Alternate who is sent first.
        index % 2 === 0
          ? Promise.all([add(first, key, 'first'), add(second, key, 'second')])
          : Promise.all([add(second, key, 'second'), add(first, key, 'first')]).then(
              ([second, first]) => [first, second] as const,
            ),
      ),
    );
    const stored = await first.getMany(keys);
    outcomes.forEach(([firstWon, secondWon], index) => {
      expect(Number(firstWon) + Number(secondWon), keys[index]).toBe(1);
      expect(stored[index]?.payload).toBe(firstWon ? 'first' : 'second');
    });
  });

  it.each([
    { size: 'small', payload: 'loaded before the change', count: 300 },
    { size: 'staged', payload: 'l'.repeat(STAGED), count: 100 },
  ])(
    'a fill ($size value) racing an invalidation from another instance never leaves a value behind',
    async ({ payload, count }) => {
      const filler = open();
      const invalidator = open({ namespace: filler.namespace });
      await Promise.all([filler.get('warm-up'), invalidator.get('warm-up')]);
      const keys = Array.from({ length: count }, (_, index) => `fill-${index}`);
      const tokens = keys.map(() => lease());
      expect(
        await filler.compareAndSet(
          keys.map((key, index) => [key, undefined, { payload: tokens[index]! }]),
        ),
      ).toEqual(keys.map(() => true));
      // Whatever the order on the server, the delete comes last or the fill fails.
      await Promise.all(
        keys.map((key, index) =>
          Promise.all([
            filler.compareAndSet([[key, tokens[index], { payload }]]),
            invalidator.delete(key),
          ]),
        ),
      );
      expect((await filler.getMany(keys)).filter((entry) => entry !== undefined)).toEqual([]);
      expect(await stagedLeftovers(filler)).toEqual([]);
    },
  );

  it('large values are staged beside the key and moved by the script, leaving nothing behind', async () => {
    const adapter = open();
    const large = (label: string) => label + 'v'.repeat(STAGED);
    // A plain key, a hash-tagged one, one with a lone surrogate, and one whose `}`
    // leaves no slot-sharing staged key (its value goes to the script as an argument).
    const keys = ['plain', '{user-7}:profile', 'lone \ud800', 'a}b'];
    const expiresAt = Date.now() + 60_000;
    expect(
      await adapter.compareAndSet(keys.map((key) => [key, undefined, { payload: 'L', expiresAt }])),
    ).toEqual(keys.map(() => true));
    // Mismatching fills and adds on present keys store nothing.
    expect(
      await adapter.compareAndSet([
        ...keys.map((key) => [key, 'other lease', { payload: large('stale') }] as const),
        ...keys.map((key) => [key, undefined, { payload: large('add') }] as const),
      ]),
    ).toEqual([...keys, ...keys].map(() => false));
    expect((await adapter.getMany(keys)).map((entry) => entry?.payload)).toEqual(
      keys.map(() => 'L'),
    );
    // Matching fills store, with no expiry: the lease's TTL is gone.
    expect(
      await adapter.compareAndSet(keys.map((key) => [key, 'L', { payload: large(key) }])),
    ).toEqual(keys.map(() => true));
    expect((await adapter.getMany(keys)).map((entry) => entry?.payload)).toEqual(
      keys.map((key) => large(key)),
    );
    for (const key of keys.filter((key) => !key.includes('\ud800'))) {
      expect(await client.pttl(redisKey(adapter, key)), key).toBe(-1);
    }
    // And with an expiry: the value's own.
    const fillExpiresAt = Date.now() + 30_000;
    expect(
      await adapter.compareAndSet([
        ['plain', large('plain'), { payload: large('again'), expiresAt: fillExpiresAt }],
      ]),
    ).toEqual([true]);
    expect(await adapter.get('plain')).toEqual({
      payload: large('again'),
      expiresAt: fillExpiresAt,
    });
    const pttl = await client.pttl(redisKey(adapter, 'plain'));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(30_000);
    // An add of an absent key, alone in its call.
    expect(
      await adapter.compareAndSet([['fresh', undefined, { payload: large('fresh') }]]),
    ).toEqual([true]);
    expect((await adapter.get('fresh'))?.payload).toBe(large('fresh'));

    expect(await stagedLeftovers(adapter)).toEqual([]);
    const listed: string[] = [];
    for await (const key of adapter.keys()) listed.push(key);
    expect(listed.sort()).toEqual([...keys, 'fresh'].sort());
  });

  /** Keys left under the staging prefix (`pc:<namespace>{`) on every master. */
  async function stagedLeftovers(adapter: RedisAdapter): Promise<string[]> {
    const nodes = client instanceof Cluster ? client.nodes('master') : [client];
    const found = await Promise.all(
      nodes.map(
        async (node) =>
          (await node.scan('0', 'MATCH', `pc:${adapter.namespace}{*`, 'COUNT', 100_000))[1],
      ),
    );
    return found.flat();
  }
});

describe('compareAndSet batches on the cluster', () => {
  const client = new Cluster([...redisCluster.nodes]);
  afterAll(() => client.quit());

  it('staged keys share the slot of their key, as Redis computes it', async () => {
    const prefix = 'pc:ns:';
    const keys = ['plain', '{a}b', '}{a}', '{a', 'ключ', 'a{b}{c}', 'x{y', '{}x', 'a}b', '{}x}'];
    const withoutStagedKey: string[] = [];
    for (const key of keys) {
      const full = prefix + key;
      const staged = stagedKey(prefix, full, ':staged:1');
      if (staged === undefined) {
        withoutStagedKey.push(key);
        continue;
      }
      expect(staged.startsWith('pc:ns{'), staged).toBe(true);
      expect(Number(await client.cluster('KEYSLOT', staged)), key).toBe(
        Number(await client.cluster('KEYSLOT', full)),
      );
    }
    // A `}` without a hash tag of its own: no staged key can share the slot.
    expect(withoutStagedKey).toEqual(['{}x', 'a}b', '{}x}']);
  });

  it('a batch spread over many slots on every master: one result per item, in input order', async () => {
    const namespace = uniqueName('cas-cluster');
    const adapter = createRedisAdapter({ namespace, clusterNodes: redisCluster.nodes, ...PATIENT });
    try {
      const keys = Array.from({ length: 600 }, (_, index) =>
        index % 5 === 0 ? `{shared-tag}:${index}` : `key-${index}`,
      );
      const slots = new Set(keys.map((key) => keySlot(`pc:${namespace}:${key}`)));
      expect(slots.size).toBeGreaterThan(300);
      // Half the keys hold a lease first.
      const leased = keys.filter((_, index) => index % 2 === 0);
      expect(
        await adapter.compareAndSet(leased.map((key) => [key, undefined, { payload: `L-${key}` }])),
      ).toEqual(leased.map(() => true));

      const items = keys.map(
        (key, index) =>
          index % 4 === 0
            ? ([key, `L-${key}`, { payload: `filled ${key}` }] as const) // matches
            : index % 4 === 2
              ? ([key, 'another lease', { payload: `stale ${key}` }] as const) // leased, mismatch
              : ([key, undefined, { payload: `added ${key}` }] as const), // absent: add
      );
      const expected = keys.map((_, index) => index % 4 !== 2);
      expect(await adapter.compareAndSet(items)).toEqual(expected);
      const stored = await adapter.getMany(keys);
      expect(stored.map((entry) => entry?.payload)).toEqual(
        keys.map((key, index) =>
          index % 4 === 0 ? `filled ${key}` : index % 4 === 2 ? `L-${key}` : `added ${key}`,
        ),
      );
      const perMaster = await Promise.all(
        client
          .nodes('master')
          .map(
            async (node) =>
              (await node.scan('0', 'MATCH', `pc:${namespace}:*`, 'COUNT', 10_000))[1].length,
          ),
      );
      expect(perMaster.every((count) => count > 0)).toBe(true);
    } finally {
      await adapter.clear();
      await adapter.dispose();
    }
  });
});

describe('compareAndSet on a dedicated standalone server', () => {
  const COMMAND_TIMEOUT = 300;
  let server: RedisServerHandle;
  let adapter: RedisAdapter;
  /** The same namespace with a short deadline, for the deadline test. */
  let hasty: RedisAdapter;
  let observer: Redis;

  beforeAll(async () => {
    server = await startRedis();
    adapter = createRedisAdapter({
      namespace: 'cas-dedicated',
      url: server.url,
      ...PATIENT,
      maxReconnectDelayMilliseconds: 200,
    });
    hasty = createRedisAdapter({
      namespace: 'cas-dedicated',
      url: server.url,
      commandTimeoutMilliseconds: COMMAND_TIMEOUT,
      connectTimeoutMilliseconds: COMMAND_TIMEOUT,
      maxReconnectDelayMilliseconds: 200,
    });
    observer = rawClient(server.port);
  });

  afterAll(async () => {
    await adapter?.dispose();
    await hasty?.dispose();
    observer?.disconnect();
    await server?.stop();
  });

  it('runs the script by its SHA, and loads it again after SCRIPT FLUSH', async () => {
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'v' }]])).toEqual([true]);
    await observer.config('RESETSTAT');
    await adapter.compareAndSet([['k', 'v', { payload: 'w' }]]);
    const stats = await observer.info('commandstats');
    expect(stats).toMatch(/^cmdstat_evalsha:calls=1,/m);
    expect(stats).not.toMatch(/^cmdstat_eval:/m);

    await observer.script('FLUSH');
    expect(await adapter.compareAndSet([['k', 'w', { payload: 'x' }]])).toEqual([true]);
    expect(
      await adapter.compareAndSet([
        ['k', 'x', { payload: 'y' }],
        ['j', undefined, { payload: 'z' }],
      ]),
    ).toEqual([true, true]);
    expect((await adapter.getMany(['k', 'j'])).map((entry) => entry?.payload)).toEqual(['y', 'z']);
  });

  it('a large value reaches Redis through a SET and a RENAME, not as a script argument', async () => {
    await adapter.set('small', { payload: 'L' });
    await adapter.set('large', { payload: 'L' });
    await observer.config('RESETSTAT');
    expect(
      await adapter.compareAndSet([['small', 'L', { payload: 'v'.repeat(STAGED - 10) }]]),
    ).toEqual([true]);
    let calls = await commandCalls(observer);
    expect([calls.evalsha, calls.set, calls.rename]).toEqual([1, 1, undefined]);
    await observer.config('RESETSTAT');
    expect(await adapter.compareAndSet([['large', 'L', { payload: 'v'.repeat(STAGED) }]])).toEqual([
      true,
    ]);
    calls = await commandCalls(observer);
    // The staged SET, then the script's RENAME of it (and PERSIST).
    expect([calls.evalsha, calls.set, calls.rename, calls.persist]).toEqual([1, 1, 1, 1]);
    expect((await adapter.get('large'))?.payload).toBe('v'.repeat(STAGED));
  });

  it('a server that stops answering gives TimeoutError within the command deadline', async () => {
    await eventually(() => hasty.get('k'));
    await freezeProcess(server.pid);
    try {
      const started = performance.now();
      const error = await hasty
        .compareAndSet([['k', undefined, { payload: 'v' }]])
        .catch((reason: unknown) => reason);
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
      // A behaviour bound (no hang), not a benchmark.
      expect(performance.now() - started).toBeLessThan(
        COMMAND_TIMEOUT + DEADLINE_SLACK_MILLISECONDS,
      );
    } finally {
      thawProcess(server.pid);
    }
    await eventually(() => adapter.get('k'));
  });

  it('a lease lost to a restart without persistence makes the fill fail', async () => {
    const token = lease();
    expect(
      await adapter.compareAndSet([
        ['lease', undefined, { payload: token, expiresAt: Date.now() + 60_000 }],
      ]),
    ).toEqual([true]);
    await server.restart();
    // The restarted server is empty; wait until the adapter is connected again.
    expect(await eventually(() => adapter.get('lease'))).toBeUndefined();
    expect(await adapter.compareAndSet([['lease', token, { payload: 'loaded' }]])).toEqual([false]);
    expect(await adapter.get('lease')).toBeUndefined();
    const fresh = rawClient(server.port);
    try {
      expect(await fresh.exists('pc:cas-dedicated:lease')).toBe(0);
    } finally {
      fresh.disconnect();
    }
  });
});

describe('compareAndSet with a lease evicted by maxmemory (allkeys-lru)', () => {
  let server: RedisServerHandle;
  let adapter: RedisAdapter;

  beforeAll(async () => {
    server = await startRedis({
      args: ['--maxmemory', '2mb', '--maxmemory-policy', 'allkeys-lru'],
    });
    adapter = createRedisAdapter({ namespace: 'cas-evicted', url: server.url, ...PATIENT });
  });

  afterAll(async () => {
    await adapter?.dispose();
    await server?.stop();
  });

  it('the fill after the lease was evicted resolves false and stores nothing', async () => {
    const token = lease();
    expect(
      await adapter.compareAndSet([
        ['lease', undefined, { payload: token, expiresAt: Date.now() + 600_000 }],
      ]),
    ).toEqual([true]);
    const filler = 'f'.repeat(1024);
    let round = 0;
    // Bounded: 2 MB hold ~1,500 such entries; the lease goes long before 400,000 writes.
    while ((await adapter.get('lease')) !== undefined) {
      round += 1;
      if (round > 4000) throw new Error('the lease was never evicted');
      await adapter.setMany(
        Array.from({ length: 100 }, (_, index) => [`flood-${round}-${index}`, { payload: filler }]),
      );
    }
    const info = rawClient(server.port);
    try {
      expect(Number(/evicted_keys:(\d+)/.exec(await info.info('stats'))?.[1])).toBeGreaterThan(0);
      expect(await adapter.compareAndSet([['lease', token, { payload: 'loaded' }]])).toEqual([
        false,
      ]);
      expect(await adapter.get('lease')).toBeUndefined();
      expect(await info.exists('pc:cas-evicted:lease')).toBe(0);
    } finally {
      info.disconnect();
    }
  });
});

describe('compareAndSet with a lease lost to a cluster master restart', () => {
  let cluster: RedisClusterHandle;
  let adapter: RedisAdapter;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    adapter = createRedisAdapter({
      namespace: 'cas-cluster-restart',
      clusterNodes: cluster.ports.map((port) => ({ host: cluster.host, port })),
      ...PATIENT,
      maxReconnectDelayMilliseconds: 200,
    });
  });

  afterAll(async () => {
    await adapter?.dispose();
    await cluster?.stop();
  });

  it('restarting the master that owns the key slot makes the fill fail', async () => {
    const key = 'lease';
    const fullKey = `pc:cas-cluster-restart:${key}`;
    const token = lease();
    expect(
      await adapter.compareAndSet([
        [key, undefined, { payload: token, expiresAt: Date.now() + 60_000 }],
      ]),
    ).toEqual([true]);
    const owner = await masterOfSlot(cluster, keySlot(fullKey));
    const probe = rawClient(owner.port);
    try {
      expect(await probe.exists(fullKey)).toBe(1);
    } finally {
      probe.disconnect();
    }

    await owner.restart();
    // Calls fail with typed errors until the node has rejoined; a failed call writes nothing.
    expect(
      await eventually(() => adapter.compareAndSet([[key, token, { payload: 'loaded' }]]), 40_000),
    ).toEqual([false]);
    expect(await adapter.get(key)).toBeUndefined();
    const restarted = rawClient(owner.port);
    try {
      expect(await restarted.exists(fullKey)).toBe(0);
    } finally {
      restarted.disconnect();
    }
  }, 60_000);
});

/** The node handle of the master serving `slot`, from `CLUSTER SLOTS`. */
async function masterOfSlot(cluster: RedisClusterHandle, slot: number): Promise<RedisServerHandle> {
  const client = rawClient(cluster.ports[0]!);
  try {
    const ranges = await client.cluster('SLOTS');
    const range = ranges.find(([start, end]) => start <= slot && slot <= end);
    const node = cluster.nodes.find((candidate) => candidate.port === Number(range?.[2]?.[1]));
    if (node === undefined) throw new Error(`no master serves slot ${slot}`);
    return node;
  } finally {
    client.disconnect();
  }
}

import { testServices } from '@pc/test-services';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../src/index.js';
import { PATIENT, rawClient, uniqueName } from './helpers.js';

/*
 * `get` and single-node `getMany` hand ioredis its own Command on a ready client
 * (the hot path), and go through the generic deadline wrapper otherwise (a client
 * that pipelines automatically, or keeps friendly error stacks). Both paths must
 * read the same way, foreign data included: whatever pc did not write is a miss.
 */

const { redis } = testServices();
const raw = rawClient(redis.port);
const injected: Redis[] = [];
const adapters: RedisAdapter[] = [];

afterAll(async () => {
  for (const adapter of adapters) await adapter.dispose();
  for (const client of injected) client.disconnect();
  await raw.quit();
});

const PATHS = [
  ['a client pc opened (Command sent directly)', () => ({ url: redis.url })],
  [
    'an injected client with enableAutoPipelining (generic path)',
    () => {
      const client = new Redis(redis.port, redis.host, { enableAutoPipelining: true });
      injected.push(client);
      return { client };
    },
  ],
  [
    'an injected client with showFriendlyErrorStack (generic path)',
    () => {
      const client = new Redis(redis.port, redis.host, { showFriendlyErrorStack: true });
      injected.push(client);
      return { client };
    },
  ],
] as const;

describe.each(PATHS)('reads through %s', (_, connection) => {
  function open(): { adapter: RedisAdapter; redisKey: (key: string) => string } {
    const namespace = uniqueName('reads');
    const adapter = createRedisAdapter({ namespace, ...PATIENT, ...connection() });
    adapters.push(adapter);
    return { adapter, redisKey: (key) => `pc:${namespace}:${key}` };
  }

  it('returns what was written, and a miss for what was not', async () => {
    const { adapter } = open();
    await adapter.set('a', { payload: 'first' });
    await adapter.set('b', { payload: 'second', expiresAt: Date.now() + 60_000 });
    expect((await adapter.get('a'))?.payload).toBe('first');
    expect(await adapter.get('missing')).toBeUndefined();
    const many = await adapter.getMany(['b', 'missing', 'a']);
    expect(many.map((entry) => entry?.payload)).toEqual(['second', undefined, 'first']);
  });

  it('reads a key of another type, or a string pc did not write, as a miss', async () => {
    const { adapter, redisKey } = open();
    await raw.hset(redisKey('hash'), 'field', 'value');
    await raw.rpush(redisKey('list'), 'item');
    await raw.set(redisKey('foreign'), 'not a pc value');
    await raw.set(redisKey('binary'), Buffer.from([0xff, 0xfe, 0x00, 0x7c]));
    await adapter.set('ok', { payload: 'mine' });
    for (const key of ['hash', 'list', 'foreign', 'binary']) {
      expect(await adapter.get(key), key).toBeUndefined();
    }
    const many = await adapter.getMany(['hash', 'ok', 'list', 'foreign', 'binary']);
    expect(many.map((entry) => entry?.payload)).toEqual([
      undefined,
      'mine',
      undefined,
      undefined,
      undefined,
    ]);
    // The connection is still usable afterwards (no reply was left unmatched).
    expect((await adapter.get('ok'))?.payload).toBe('mine');
  });

  it('keeps replies matched to their calls when many reads are in flight at once', async () => {
    const { adapter } = open();
    const keys = Array.from({ length: 200 }, (_, index) => `k${index}`);
    await adapter.setMany(keys.map((key) => [key, { payload: `value of ${key}` }] as const));
    const reads = keys.map((key, index) =>
      index % 3 === 0 ? adapter.getMany([key, 'missing']) : adapter.get(key),
    );
    const results = await Promise.all(reads);
    results.forEach((result, index) => {
      const entry = Array.isArray(result) ? result[0] : result;
      expect(entry?.payload).toBe(`value of ${keys[index]}`);
    });
  });
});

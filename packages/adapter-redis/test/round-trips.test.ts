import { type RedisServerHandle, startRedis } from '@pc/test-services';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../src/index.js';
import { commandCalls, PATIENT, rawClient } from './helpers.js';

// A dedicated server: its command statistics count this file's commands only.
let server: RedisServerHandle;
let adapter: RedisAdapter;
let observer: Redis;

beforeAll(async () => {
  server = await startRedis();
  adapter = createRedisAdapter({ namespace: 'round-trips', url: server.url, ...PATIENT });
  observer = rawClient(server.port);
});

afterAll(async () => {
  await adapter?.dispose();
  await observer?.quit();
  await server?.stop();
});

/** Data commands the server received while `operation` ran. */
async function commandsDuring(operation: () => Promise<unknown>): Promise<Record<string, number>> {
  await observer.config('RESETSTAT');
  await operation();
  const calls = await commandCalls(observer);
  delete calls.info;
  delete calls['config|resetstat'];
  return calls;
}

describe('round trips', () => {
  it('getMany of 100 keys is one MGET', async () => {
    const keys = Array.from({ length: 100 }, (_, index) => `key-${index}`);
    await adapter.setMany(keys.slice(0, 50).map((key) => [key, { payload: key }]));
    let found: unknown[] = [];
    expect(
      await commandsDuring(async () => {
        found = await adapter.getMany(keys);
      }),
    ).toEqual({ mget: 1 });
    expect(found.filter((entry) => entry !== undefined)).toHaveLength(50);
  });

  it('deleteMany of 100 keys is one UNLINK', async () => {
    const keys = Array.from({ length: 100 }, (_, index) => `key-${index}`);
    expect(await commandsDuring(() => adapter.deleteMany(keys))).toEqual({ unlink: 1 });
  });
});

import { type RedisServerHandle, startRedis } from '@pc/test-services';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../src/index.js';
import { PATIENT, rawClient } from './helpers.js';

// Issue 13, defect 6: very large finite expiries used to reach Redis as
// `PX 1e+20` ("ERR value is not an integer or out of range").
let server: RedisServerHandle;
let adapter: RedisAdapter;
let raw: Redis;

beforeAll(async () => {
  server = await startRedis();
  adapter = createRedisAdapter({ namespace: 'ttl-range', url: server.url, ...PATIENT });
  raw = rawClient(server.port);
});

afterAll(async () => {
  await adapter?.dispose();
  await raw?.quit();
  await server?.stop();
});

describe('expiries far in the future', () => {
  for (const [what, ttl] of [
    ['1e20 ms', 1e20],
    ['Number.MAX_VALUE ms', Number.MAX_VALUE],
    ['200 years', 200 * 365 * 86_400_000],
  ] as const) {
    it(`${what}: stored, readable, no server TTL, and the expiry kept exactly`, async () => {
      const key = `far-${what}`;
      const expiresAt = Date.now() + ttl;
      expect(await adapter.set(key, { payload: 'v', expiresAt })).toBe(true);
      expect(await adapter.get(key)).toEqual({ payload: 'v', expiresAt });
      expect(await raw.pttl(`pc:ttl-range:${key}`)).toBe(-1);
      expect(await adapter.setMany([[`${key}:many`, { payload: 'w', expiresAt }]])).toEqual([true]);
      expect(
        await adapter.compareAndSet([[`${key}:cas`, undefined, { payload: 'x', expiresAt }]]),
      ).toEqual([true]);
      expect(await adapter.getMany([`${key}:many`, `${key}:cas`])).toEqual([
        { payload: 'w', expiresAt },
        { payload: 'x', expiresAt },
      ]);
    });
  }

  it('a TTL within a century still gets a server TTL', async () => {
    expect(await adapter.set('near', { payload: 'v', expiresAt: Date.now() + 3_600_000 })).toBe(
      true,
    );
    const pttl = await raw.pttl('pc:ttl-range:near');
    expect(pttl).toBeGreaterThan(3_500_000);
    expect(pttl).toBeLessThanOrEqual(3_600_000);
  });
});

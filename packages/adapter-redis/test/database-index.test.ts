import { InvalidOptionsError } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../src/index.js';
import { PATIENT, uniqueName } from './helpers.js';

// Issue 14, item 11: `redis://127.0.0.1:6379/99` on a server with 16 databases
// silently wrote to database 0.
const { redis } = testServices();
const adapters: RedisAdapter[] = [];

function adapter(url: string, namespace = uniqueName('db')): RedisAdapter {
  const created = createRedisAdapter({ url, namespace, ...PATIENT });
  adapters.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(adapters.map((each) => each.dispose()));
});

describe('the database index', () => {
  it('a database the server does not have fails every call with InvalidOptionsError naming it and the count', async () => {
    const missing = adapter(`${redis.url}/99`);
    for (const call of [
      () => missing.set('k', { payload: 'v' }),
      () => missing.get('k'),
      () => missing.getMany(['k', 'l']),
    ]) {
      const error = await call().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(InvalidOptionsError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('database 99 (from "url")');
      expect((error as Error).message).toContain('which has 16 (0 to 15)');
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
    // Nothing reached database 0.
    const database0 = adapter(redis.url, missing.namespace);
    expect(await database0.get('k')).toBeUndefined();
  });

  it('an existing database other than 0 works and is separate from 0', async () => {
    const other = adapter(`${redis.url}/3`);
    const namespace = other.namespace;
    expect(await other.set('k', { payload: 'in 3' })).toBe(true);
    const zero = adapter(redis.url, namespace);
    expect(await zero.get('k')).toBeUndefined();
    expect(await other.get('k')).toEqual({ payload: 'in 3' });
  });

  it.each([
    ['non-numeric', '/abc'],
    ['negative', '/-1'],
    ['fractional', '/1.5'],
  ])('a %s database in the URL is InvalidOptionsError at construction', (_, path) => {
    expect(() =>
      createRedisAdapter({ url: `redis://127.0.0.1:1${path}`, namespace: 'n' }),
    ).toThrowError(/the path of "url" must be a database index/);
    try {
      createRedisAdapter({ url: `redis://127.0.0.1:1${path}`, namespace: 'n' });
    } catch (error) {
      expect(InvalidOptionsError.isInstance(error)).toBe(true);
    }
  });

  it('a negative redisOptions.db is InvalidOptionsError at construction', () => {
    expect(() => createRedisAdapter({ redisOptions: { db: -1 }, namespace: 'n' })).toThrowError(
      InvalidOptionsError,
    );
  });
});

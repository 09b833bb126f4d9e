import type { CacheAdapter } from '@pc/core';
import { BackendUnavailableError, InvalidOptionsError, TimeoutError } from '@pc/core';
import { findFreePort, testServices } from '@pc/test-services';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';

// Issue 14, item 10: errors used to say "get on ... failed" for a failing set,
// had no cause and no hint; servers: 'memcached://host:port' was refused.
const { memcached } = testServices();
const adapters: CacheAdapter[] = [];

afterAll(async () => {
  await Promise.all(adapters.map((adapter) => adapter.dispose()));
});

function adapter(servers: string): CacheAdapter {
  const created = createMemcachedAdapter({
    servers,
    namespace: `errors-${adapters.length}`,
    retryDelayMilliseconds: 0,
    timeoutMilliseconds: 10_000,
  });
  adapters.push(created);
  return created;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('a server that refuses connections', () => {
  it('each operation rejects with BackendUnavailableError naming itself, the address, the cause and a hint', async () => {
    const address = `127.0.0.1:${await findFreePort()}`;
    const down = adapter(address);
    for (const [operation, call] of [
      ['set', () => down.set('k', { payload: 'v' })],
      ['get', () => down.get('k')],
      ['getMany', () => down.getMany(['k', 'l'])],
      ['delete', () => down.delete('k')],
      ['clear', () => down.clear()],
    ] as const) {
      const error = await rejection(call());
      expect(BackendUnavailableError.isInstance(error), String(error)).toBe(true);
      expect(TimeoutError.isInstance(error)).toBe(false);
      expect(error.message).toMatch(
        new RegExp(`^\\[pc:memcached\\] ${operation}( \\(\\w+\\))? on ${address} failed: `),
      );
      expect(error.message).toContain('ECONNREFUSED');
      expect(error.message).toContain(`is the memcached server running at ${address}?`);
      expect((error.cause as { code?: unknown }).code).toBe('ECONNREFUSED');
    }
  });
});

describe('servers as a memcached:// URL', () => {
  it('memcached://host:port works like host:port', async () => {
    const byUrl = adapter(`memcached://${memcached.host}:${memcached.port}`);
    expect(await byUrl.set('k', { payload: 'by url' })).toBe(true);
    expect(await byUrl.get('k')).toEqual({ payload: 'by url' });
  });

  it.each([
    ['no port', 'memcached://127.0.0.1'],
    ['a path', 'memcached://127.0.0.1:11211/x'],
    ['credentials', 'memcached://user:secret@127.0.0.1:11211'],
    ['a query', 'memcached://127.0.0.1:11211?x=1'],
    ['no host', 'memcached://:11211'],
  ])('a URL with %s is InvalidOptionsError naming "servers"', (_, servers) => {
    try {
      createMemcachedAdapter({ servers });
      expect.unreachable('expected InvalidOptionsError');
    } catch (error) {
      expect(InvalidOptionsError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('"servers"');
      expect((error as Error).message).toContain('memcached://host:port');
    }
  });
});

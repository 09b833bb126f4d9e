import { createServer, type Server } from 'node:net';
import { BackendUnavailableError, ClosedError, TimeoutError } from '@pc/core';
import {
  freezeProcess,
  type MemcachedServerHandle,
  startMemcached,
  thawProcess,
} from '@pc/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter, createMemcachedClient } from '../src/index.js';
import { uniqueNamespace } from './helpers.js';

/** Far longer than any test here: a server skipped by mistake would fail the test. */
const NEVER_RETRY_MILLISECONDS = 600_000;

describe('connections', () => {
  let server: MemcachedServerHandle;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(() => server.stop());

  it('a server restarted while the connection was idle is used again at once (not skipped)', async () => {
    const adapter = createMemcachedAdapter({
      servers: server.location,
      namespace: uniqueNamespace('idle-restart'),
      retryDelayMilliseconds: NEVER_RETRY_MILLISECONDS,
    });
    try {
      expect(await adapter.set('k', { payload: 'v' })).toBe(true);
      await server.restart();
      // The restart lost the data; the server is reachable and nothing stale comes back.
      expect(await adapter.get('k')).toBeUndefined();
      expect(await adapter.set('k', { payload: 'again' })).toBe(true);
      expect((await adapter.get('k'))?.payload).toBe('again');
    } finally {
      await adapter.dispose();
    }
  });

  it('a server that stopped answering and came back serves the next calls', async () => {
    const adapter = createMemcachedAdapter({
      servers: server.location,
      namespace: uniqueNamespace('frozen'),
      timeoutMilliseconds: 200,
      retryDelayMilliseconds: NEVER_RETRY_MILLISECONDS,
    });
    try {
      expect(await adapter.set('k', { payload: 'v' })).toBe(true);
      await freezeProcess(server.pid);
      try {
        const outcomes = await Promise.allSettled([adapter.get('k'), adapter.getMany(['k', 'j'])]);
        for (const outcome of outcomes) {
          expect(outcome.status).toBe('rejected');
          if (outcome.status === 'rejected') {
            expect(TimeoutError.isInstance(outcome.reason), String(outcome.reason)).toBe(true);
          }
        }
      } finally {
        thawProcess(server.pid);
      }
      // The late replies are read and dropped; every later call gets its own answer.
      const deadline = Date.now() + 10_000;
      let read: unknown;
      do {
        read = await adapter.get('k').catch((error: unknown) => error);
      } while (TimeoutError.isInstance(read) && Date.now() < deadline);
      expect(read).toEqual({ payload: 'v' });
      expect(await adapter.set('k2', { payload: 'v2' })).toBe(true);
      expect(await adapter.getMany(['k', 'k2'])).toEqual([{ payload: 'v' }, { payload: 'v2' }]);
    } finally {
      await adapter.dispose();
    }
  });

  it('dispose rejects calls still waiting with ClosedError, and leaves an injected client working', async () => {
    const client = createMemcachedClient({ servers: server.location });
    const adapter = createMemcachedAdapter({
      client,
      namespace: uniqueNamespace('dispose'),
      timeoutMilliseconds: 60_000,
    });
    try {
      await adapter.set('k', { payload: 'v' });
      await freezeProcess(server.pid);
      let pending: Promise<unknown>;
      try {
        pending = adapter.get('k').catch((error: unknown) => error);
        await adapter.dispose();
      } finally {
        thawProcess(server.pid);
      }
      expect(ClosedError.isInstance(await pending)).toBe(true);
      expect(await client.version(server.location)).toMatch(/^\d/);
    } finally {
      client.close();
    }
  });
});

describe('a port that does not speak memcached', () => {
  let fake: Server;
  let location: string;
  beforeAll(async () => {
    fake = createServer((socket) => {
      socket.on('data', () => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const address = fake.address();
    location = `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

  it('fails calls with BackendUnavailableError naming the server; the process lives on', async () => {
    const adapter = createMemcachedAdapter({
      servers: location,
      namespace: 'fake',
      retryDelayMilliseconds: 0,
    });
    try {
      for (const operation of [
        () => adapter.get('k'),
        () => adapter.set('k', { payload: 'v' }),
        () => adapter.getMany(['a', 'b']),
      ]) {
        const error = await operation().then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(BackendUnavailableError.isInstance(error), String(error)).toBe(true);
        expect(TimeoutError.isInstance(error)).toBe(false);
        expect(String(error)).toContain(location);
        expect(String(error)).toMatch(/memcached/);
      }
    } finally {
      await adapter.dispose();
    }
  });
});

import { createCache } from '@pc/core';
import { testServices } from '@pc/test-services';
import { describe, expect, it } from 'vitest';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { eventually, PATIENT, rawClient, uniqueName } from './helpers.js';

const { redis } = testServices();

describe('Cache with the Redis bus', () => {
  it('flushes its L1 after the bus reconnects, since messages may have been lost', async () => {
    const adapter = createRedisAdapter({
      namespace: uniqueName('rt-gap'),
      url: redis.url,
      ...PATIENT,
    });
    const bus = createRedisBus({ url: redis.url, channel: uniqueName('rt-gap'), ...PATIENT });
    const events: string[] = [];
    const cache = createCache({
      adapter,
      bus,
      burst: { ttlMilliseconds: 600_000 },
      onEvent: (event) => events.push(event.type),
    });
    // A writer whose changes never reach the bus, like messages lost during an outage.
    const silentWriter = createCache({ adapter });
    const raw = rawClient(redis.port);
    try {
      await cache.ready();
      expect(await cache.getOrLoad('k', async () => 'v1')).toBe('v1');
      await silentWriter.set('k', 'v2');
      expect(await cache.getOrLoad('k', async () => 'unused')).toBe('v1');
      await raw.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      await eventually(() => expect(events).toContain('bus-gap'));
      expect(await cache.getOrLoad('k', async () => 'unused')).toBe('v2');
    } finally {
      await raw.quit();
      await cache.dispose();
      await silentWriter.dispose();
      await bus.dispose();
      await adapter.clear();
      await adapter.dispose();
    }
  });

  it('an invalidation publishes adapter-level keys and tags; its own process ignores the echo', async () => {
    const adapter = createRedisAdapter({
      namespace: uniqueName('rt-echo'),
      url: redis.url,
      ...PATIENT,
    });
    const channel = uniqueName('rt-echo');
    const bus = createRedisBus({ url: redis.url, channel, ...PATIENT });
    const listener = createRedisBus({ url: redis.url, channel, ...PATIENT });
    const seen: unknown[] = [];
    const cache = createCache({ adapter, bus });
    try {
      await listener.subscribe({ onMessage: (message) => seen.push(message) });
      await cache.ready();
      await cache.namespace('users').invalidate({ keys: ['u1'], tags: ['account-1'] });
      await eventually(() =>
        expect(seen).toEqual([
          expect.objectContaining({ keys: ['e/users:u1'], tags: ['t:account-1'], clear: false }),
        ]),
      );
    } finally {
      await cache.dispose();
      await Promise.all([bus.dispose(), listener.dispose()]);
      await adapter.clear();
      await adapter.dispose();
    }
  });
});

import { type BusMessage, InvalidationError, type PcError } from '@pc/core';
import { startRedis, testServices } from '@pc/test-services';
import { describe, expect, it } from 'vitest';
import { createRedisBus } from '../src/index.js';
import { eventually, rawClient, uniqueName } from './helpers.js';

const { redis, redisCluster } = testServices();

describe('Redis invalidation bus', () => {
  it('delivers a message to a subscriber on another connection, and to the publisher', async () => {
    const channel = uniqueName('bus');
    const publisher = createRedisBus({ url: redis.url, channel });
    const other = createRedisBus({ url: redis.url, channel });
    const seenByOther: BusMessage[] = [];
    const seenByPublisher: BusMessage[] = [];
    try {
      await other.subscribe({ onMessage: (message) => seenByOther.push(message) });
      await publisher.subscribe({ onMessage: (message) => seenByPublisher.push(message) });
      await publisher.publish({ origin: 'process-a', keys: ['k1', 'k2'], tags: ['t'] });
      await publisher.publish({ origin: 'process-a', clear: true });
      const expected = [
        { origin: 'process-a', keys: ['k1', 'k2'], tags: ['t'] },
        { origin: 'process-a', clear: true },
      ];
      await eventually(() => expect(seenByOther).toEqual(expected));
      await eventually(() => expect(seenByPublisher).toEqual(expected));
    } finally {
      await Promise.all([publisher.dispose(), other.dispose()]);
    }
  });

  it('reports malformed messages to onError and keeps delivering', async () => {
    const channel = uniqueName('bus');
    const errors: Array<{ error: PcError; raw?: string }> = [];
    const bus = createRedisBus({
      url: redis.url,
      channel,
      onError: (error, raw) => errors.push({ error, raw }),
    });
    const raw = rawClient(redis.port);
    const seen: BusMessage[] = [];
    try {
      await bus.subscribe({ onMessage: (message) => seen.push(message) });
      await raw.publish(channel, 'not json');
      await raw.publish(channel, JSON.stringify({ origin: 7 }));
      await raw.publish(channel, JSON.stringify({ origin: 'x', keys: 'k' }));
      await raw.publish(channel, JSON.stringify({ origin: 'ok', tags: ['t'], extra: 1 }));
      await eventually(() => expect(seen).toEqual([{ origin: 'ok', tags: ['t'] }]));
      expect(errors.map(({ raw: text }) => text)).toEqual([
        'not json',
        JSON.stringify({ origin: 7 }),
        JSON.stringify({ origin: 'x', keys: 'k' }),
      ]);
      expect(errors.every(({ error }) => InvalidationError.isInstance(error))).toBe(true);
      await expect(bus.publish({ origin: '' } as BusMessage)).rejects.toMatchObject({
        code: 'PC_INVALID_OPTIONS',
      });
    } finally {
      await raw.quit();
      await bus.dispose();
    }
  });

  it('resubscribes after the server restarts and calls onGap', async () => {
    const server = await startRedis();
    const channel = uniqueName('bus');
    const bus = createRedisBus({
      url: server.url,
      channel,
      maxReconnectDelayMilliseconds: 200,
      onError: () => undefined,
    });
    let gaps = 0;
    const seen: BusMessage[] = [];
    try {
      await bus.subscribe({ onMessage: (message) => seen.push(message), onGap: () => gaps++ });
      expect(gaps).toBe(0);
      await server.restart();
      await eventually(() => expect(gaps).toBe(1));
      await eventually(() => bus.publish({ origin: 'after-restart' }));
      await eventually(() => expect(seen).toEqual([{ origin: 'after-restart' }]));
    } finally {
      await bus.dispose();
      await server.stop();
    }
  });

  it('works on a Redis Cluster', async () => {
    const channel = uniqueName('bus');
    const publisher = createRedisBus({ clusterNodes: redisCluster.nodes, channel });
    const subscriber = createRedisBus({ clusterNodes: [...redisCluster.nodes].reverse(), channel });
    const seen: BusMessage[] = [];
    try {
      await subscriber.subscribe({ onMessage: (message) => seen.push(message) });
      await publisher.publish({ origin: 'cluster', tags: ['t'] });
      await eventually(() => expect(seen).toEqual([{ origin: 'cluster', tags: ['t'] }]));
    } finally {
      await Promise.all([publisher.dispose(), subscriber.dispose()]);
    }
  });
});

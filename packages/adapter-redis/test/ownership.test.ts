import { testServices } from '@pc/test-services';
import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { PATIENT, rawClient, uniqueName } from './helpers.js';

const { redis, redisCluster } = testServices();

async function clientNames(): Promise<string[]> {
  const raw = rawClient(redis.port);
  try {
    const list = await raw.client('LIST');
    return [...String(list).matchAll(/ name=(\S*)/g)].map((match) => match[1]!);
  } finally {
    await raw.quit();
  }
}

describe('client ownership', () => {
  it('leaves an injected Redis client open and usable after dispose', async () => {
    const client = new Redis(redis.port, redis.host);
    try {
      const adapter = createRedisAdapter({ namespace: uniqueName('owned'), client, ...PATIENT });
      await adapter.set('k', { payload: 'v' });
      await adapter.clear();
      await adapter.dispose();
      expect(client.status).toBe('ready');
      expect(await client.ping()).toBe('PONG');
      await expect(adapter.get('k')).rejects.toMatchObject({ code: 'PC_CLOSED' });
    } finally {
      client.disconnect();
    }
  });

  it('leaves an injected Cluster client open and usable after dispose', async () => {
    const client = new Cluster([...redisCluster.nodes]);
    try {
      const adapter = createRedisAdapter({ namespace: uniqueName('owned'), client, ...PATIENT });
      await adapter.set('k', { payload: 'v' });
      await adapter.dispose();
      expect(client.status).toBe('ready');
      expect(await client.set('pc-ownership-probe', '1', 'PX', 1000)).toBe('OK');
    } finally {
      client.disconnect();
    }
  });

  it('leaves an injected client open after a bus built on it is disposed', async () => {
    const client = new Redis(redis.port, redis.host);
    try {
      const bus = createRedisBus({ client, channel: uniqueName('channel'), ...PATIENT });
      await bus.subscribe({ onMessage: () => undefined });
      await bus.dispose();
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });

  it('closes the connection it created on dispose', async () => {
    const name = uniqueName('pc-owned-connection');
    const adapter = createRedisAdapter({
      namespace: uniqueName('owned'),
      url: redis.url,
      redisOptions: { connectionName: name },
      ...PATIENT,
    });
    await adapter.get('k');
    expect(await clientNames()).toContain(name);
    await adapter.dispose();
    await adapter.dispose();
    expect(await clientNames()).not.toContain(name);
  });
});

import { testServices } from '@pc/test-services';
import { Cluster, type Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisAdapter } from '../src/index.js';
import { PATIENT, rawClient, uniqueName } from './helpers.js';

const { redis, redisCluster } = testServices();

describe.each([
  {
    topology: 'standalone',
    connect: () => ({ url: redis.url, ...PATIENT }),
    raw: () => rawClient(redis.port),
  },
  {
    topology: 'cluster',
    connect: () => ({ clusterNodes: redisCluster.nodes, ...PATIENT }),
    raw: () => new Cluster([...redisCluster.nodes]),
  },
])('clear on $topology', ({ connect, raw }) => {
  const client: Redis | Cluster = raw();
  afterAll(() => client.quit());

  it('removes every key of its namespace and leaves foreign keys alone', async () => {
    const namespace = uniqueName('clear');
    const adapter = createRedisAdapter({ namespace, ...connect() });
    // Namespaces whose Redis prefixes start like this one's, or contain glob syntax.
    const sibling = createRedisAdapter({ namespace: `${namespace}.x`, ...connect() });
    const otherPrefix = createRedisAdapter({ namespace, keyPrefix: 'other', ...connect() });
    const foreign = [
      `foreign-${namespace}`,
      `pc:${namespace}`,
      `pc:${namespace}x:k`,
      `PC:${namespace}:k`,
      `{pc:${namespace}:}k`,
    ];
    try {
      const keys = Array.from({ length: 2500 }, (_, index) => `k${index}{${index % 7}}*?[`);
      await adapter.setMany(keys.map((key) => [key, { payload: 'mine' }]));
      await sibling.set('k0', { payload: 'sibling' });
      await otherPrefix.set('k0', { payload: 'other prefix' });
      for (const key of foreign) await client.set(key, 'theirs', 'PX', 60_000);

      await adapter.clear();

      expect((await adapter.getMany(keys)).filter((found) => found !== undefined)).toEqual([]);
      const left = [];
      for await (const key of adapter.keys()) left.push(key);
      expect(left).toEqual([]);
      expect((await sibling.get('k0'))?.payload).toBe('sibling');
      expect((await otherPrefix.get('k0'))?.payload).toBe('other prefix');
      for (const key of foreign) expect(await client.get(key), key).toBe('theirs');
    } finally {
      await Promise.all([sibling.clear(), otherPrefix.clear()]);
      for (const key of foreign) await client.del(key);
      await Promise.all([adapter.dispose(), sibling.dispose(), otherPrefix.dispose()]);
    }
  });
});

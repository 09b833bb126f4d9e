import { testServices } from '@pc/test-services';
import { Cluster } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisAdapter } from '../src/index.js';
import { keySlot } from '../src/slot-batches.js';
import { PATIENT, uniqueName } from './helpers.js';

const { redisCluster } = testServices();

/** Keys that hash alike, apart, or through hash-tag syntax in the user key. */
function awkwardKeys(count: number): string[] {
  const shapes = [
    (index: number) => `plain-${index}`,
    (index: number) => `{user-7}:item-${index}`,
    (index: number) => `{}${index}`,
    (index: number) => `}{${index}}`,
    (index: number) => `{${index}`,
    (index: number) => `ключ ✓ ${index}`,
    (index: number) => `a{b}{c}${index}`,
  ];
  return Array.from({ length: count }, (_, index) => shapes[index % shapes.length]!(index));
}

describe('Redis Cluster routing', () => {
  const raw = new Cluster([...redisCluster.nodes]);
  afterAll(() => raw.quit());

  it('setMany, getMany and deleteMany of 1,001 keys across all masters, with no CROSSSLOT', async () => {
    const namespace = uniqueName('cluster');
    const adapter = createRedisAdapter({ namespace, clusterNodes: redisCluster.nodes, ...PATIENT });
    try {
      const keys = awkwardKeys(1001);
      const prefix = `pc:${namespace}:`;
      const slots = new Set(keys.map((key) => keySlot(prefix + key)));
      // The keys really are spread out, and some share a slot through their hash tag.
      expect(slots.size).toBeGreaterThan(500);
      expect(slots.size).toBeLessThan(keys.length);

      expect(
        await adapter.setMany(keys.map((key, index) => [key, { payload: `v${index}` }])),
      ).toEqual(keys.map(() => true));
      const withMisses = keys.flatMap((key) => [key, `missing ${key}`]);
      const found = await adapter.getMany(withMisses);
      expect(found.map((entry) => entry?.payload)).toEqual(
        keys.flatMap((_, index) => [`v${index}`, undefined]),
      );

      // Every master holds some of them (each node answered its own batch).
      const perMaster = await Promise.all(
        raw
          .nodes('master')
          .map(
            async (node) =>
              (await node.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 10_000))[1].length,
          ),
      );
      expect(perMaster.every((count) => count > 0)).toBe(true);

      expect(await adapter.deleteMany([...keys, ...keys.slice(0, 10)])).toBe(1001);
      expect((await adapter.getMany(keys)).every((entry) => entry === undefined)).toBe(true);
    } finally {
      await adapter.dispose();
    }
  });

  it('computes the slot Redis computes for hash-tag edge cases', async () => {
    const keys = ['pc:n:{a}b', 'pc:n:{}a', 'pc:n:}{a}', 'pc:n:{a', 'pc:n:ключ', 'pc:n:a{b}{c}'];
    for (const key of keys) {
      expect(keySlot(key), key).toBe(Number(await raw.cluster('KEYSLOT', key)));
    }
  });
});

import { createPcCache } from '../harness/pc-cache.js';
import { connectRedis, fillRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';
import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { createBentocache } from '../peers/bentocache.js';
import { createCacheManager } from '../peers/cache-manager.js';

const key = (index: number) => `item:${index}`;

/** A read that hits Redis (no in-process tier): one GET round trip and a parse. */
export const l2HitRedis: Workload = {
  id: 'l2-hit-redis',
  title: 'L2 hit, Redis',
  description:
    'One sequential read of a ~1 kB JSON value that is in Redis, rotating over 100 keys; no in-process tier.',
  variants: [
    {
      name: 'raw ioredis GET + JSON.parse',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        await fillRedis(client, HOT_KEY_COUNT, (index) => [
          key(index),
          JSON.stringify(createSampleValue(index)),
        ]);
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = key(next());
            JSON.parse(expectHit(await client.get(name), 'raw ioredis', name));
          },
          teardown: () => client.disconnect(),
        };
      },
    },
    {
      name: 'pc cache.get (Redis adapter)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis');
        await cache.setMany(
          Array.from({ length: HOT_KEY_COUNT }, (_, index) => ({
            key: key(index),
            value: createSampleValue(index),
          })),
        );
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = key(next());
            expectHit(await cache.get(name), 'pc', name);
          },
          teardown: close,
        };
      },
    },
    {
      name: 'bentocache (L2 Redis only)',
      kind: 'peer',
      async setup(context) {
        const { bento, close } = await createBentocache(context, 'redis');
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await bento.set({ key: key(index), value: createSampleValue(index) });
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = key(next());
            expectHit(await bento.get({ key: name }), 'bentocache', name);
          },
          teardown: close,
        };
      },
    },
    {
      name: 'cache-manager (keyv Redis)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createCacheManager(context, 'redis');
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await cache.set(key(index), createSampleValue(index));
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = key(next());
            expectHit(await cache.get(name), 'cache-manager', name);
          },
          teardown: close,
        };
      },
    },
    {
      name: 'async-cache-dedupe (Redis storage)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createDedupeCache(context, 'redis');
        let loads = 0;
        cache.define('item', async (index: number) => {
          loads += 1;
          return createSampleValue(index);
        });
        const item = cache.item as (index: number) => Promise<unknown>;
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) await item(index);
        const primed = loads;
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            await item(next());
            // Every call must be served from Redis; a load here means a miss.
            if (loads !== primed) throw new Error('async-cache-dedupe: a read missed Redis');
          },
          teardown: close,
        };
      },
    },
  ],
};

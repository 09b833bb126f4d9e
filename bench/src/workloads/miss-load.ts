import { freshKeyLoads } from '../harness/fresh-key-loads.js';
import { createPcCache, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { createBentocache } from '../peers/bentocache.js';
import { createCacheManager } from '../peers/cache-manager.js';

const TTL_MILLISECONDS = 3_600_000;
const VALUE = createSampleValue(1);

/** Every operation reads a key never read before, so each must call the loader exactly once. */
const loadCounter = () => freshKeyLoads('miss', 'loaderCallsPerOperation', VALUE);

/** A read of a key that is nowhere: miss, call the 1 ms loader, write the value back. */
export const missLoad: Workload = {
  id: 'miss-load',
  title: 'Miss + load (1 ms loader)',
  description:
    'One read of a key that is in no tier: look up, call a loader that takes 1 ms (a fast database query), ' +
    'store the ~1 kB result (in Redis, and L1 where the library has one). The loader bounds this near 1,000 ops/s.',
  variants: [
    {
      name: 'raw ioredis GET, load, SET PX',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        const counter = loadCounter();
        return {
          async run() {
            const name = counter.nextKey();
            const cached = await client.get(name);
            if (cached !== null) throw new Error('raw ioredis: a fresh key hit');
            const value = await counter.load();
            await client.set(name, JSON.stringify(value), 'PX', TTL_MILLISECONDS);
          },
          counters: counter.counters,
          teardown: () => client.disconnect(),
        };
      },
    },
    {
      name: 'pc getOrLoad (burst L1 + Redis)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis', PC_BURST_OPTIONS, [
          'getOrLoad',
        ]);
        const counter = loadCounter();
        return {
          async run() {
            await cache.getOrLoad!(counter.nextKey(), counter.load, {
              ttlMilliseconds: TTL_MILLISECONDS,
            });
          },
          counters: counter.counters,
          teardown: close,
        };
      },
    },
    {
      name: 'bentocache getOrSet (L1 memory + L2 Redis)',
      kind: 'peer',
      async setup(context) {
        const { bento, close } = await createBentocache(context, 'memory+redis');
        const counter = loadCounter();
        return {
          async run() {
            await bento.getOrSet({
              key: counter.nextKey(),
              factory: counter.load,
              ttl: TTL_MILLISECONDS,
            });
          },
          counters: counter.counters,
          teardown: close,
        };
      },
    },
    {
      name: 'cache-manager wrap (keyv memory + keyv Redis)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createCacheManager(context, 'memory+redis');
        const counter = loadCounter();
        return {
          async run() {
            await cache.wrap(counter.nextKey(), counter.load, TTL_MILLISECONDS);
          },
          counters: counter.counters,
          teardown: close,
        };
      },
    },
    {
      name: 'async-cache-dedupe (Redis storage)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createDedupeCache(context, 'redis');
        const counter = loadCounter();
        cache.define('item', async (_name: string) => counter.load());
        const item = cache.item as (name: string) => Promise<unknown>;
        return {
          async run() {
            await item(counter.nextKey());
          },
          counters: counter.counters,
          teardown: close,
        };
      },
    },
  ],
};

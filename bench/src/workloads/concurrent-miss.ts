import { freshKeyLoads } from '../harness/fresh-key-loads.js';
import { createPcCache, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { createBentocache } from '../peers/bentocache.js';
import { createCacheManager } from '../peers/cache-manager.js';

/** Callers that miss the same key at the same time. */
const CALLERS = 1_000;
const TTL_MILLISECONDS = 3_600_000;
const VALUE = createSampleValue(1);

/** One burst per iteration on a fresh key; counts loader calls per burst. */
const burstCounter = () => freshKeyLoads('burst', 'loaderCallsPerBurst', VALUE);

/** Fires `CALLERS` reads of one key at once and waits for all of them. */
async function burst(read: () => Promise<unknown>): Promise<void> {
  const reads = new Array<Promise<unknown>>(CALLERS);
  for (let caller = 0; caller < CALLERS; caller += 1) reads[caller] = read();
  await Promise.all(reads);
}

/** A thundering herd: 1,000 concurrent reads of one key nobody has cached yet. */
export const concurrentMiss: Workload = {
  id: 'concurrent-miss',
  title: '1,000 concurrent misses on one key',
  description:
    `${CALLERS} callers read the same uncached key at once (a fresh key per iteration); the loader takes 1 ms. ` +
    'One operation = one caller served; the notes count loader calls per burst (1 = single-flight).',
  maxIterations: { quick: 20, full: 100 },
  variants: [
    {
      name: 'raw ioredis cache-aside (no dedupe)',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        const counter = burstCounter();
        return {
          operationsPerIteration: CALLERS,
          async run() {
            const name = counter.nextKey();
            await burst(async () => {
              const cached = await client.get(name);
              if (cached !== null) return JSON.parse(cached);
              const value = await counter.load();
              await client.set(name, JSON.stringify(value), 'PX', TTL_MILLISECONDS);
              return value;
            });
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
        const counter = burstCounter();
        return {
          operationsPerIteration: CALLERS,
          async run() {
            const name = counter.nextKey();
            await burst(() =>
              cache.getOrLoad!(name, counter.load, { ttlMilliseconds: TTL_MILLISECONDS }),
            );
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
        const counter = burstCounter();
        return {
          operationsPerIteration: CALLERS,
          async run() {
            const name = counter.nextKey();
            await burst(() =>
              bento.getOrSet({ key: name, factory: counter.load, ttl: TTL_MILLISECONDS }),
            );
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
        const counter = burstCounter();
        return {
          operationsPerIteration: CALLERS,
          async run() {
            const name = counter.nextKey();
            await burst(() => cache.wrap(name, counter.load, TTL_MILLISECONDS));
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
        const counter = burstCounter();
        cache.define('item', async (_name: string) => counter.load());
        const item = cache.item as (name: string) => Promise<unknown>;
        return {
          operationsPerIteration: CALLERS,
          async run() {
            const name = counter.nextKey();
            await burst(() => item(name));
          },
          counters: counter.counters,
          teardown: close,
        };
      },
    },
  ],
};

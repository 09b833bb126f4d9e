import { LRUCache } from 'lru-cache';
import { createPcCache, l1HitRatio, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';
import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { createBentocache } from '../peers/bentocache.js';
import { createCacheManager } from '../peers/cache-manager.js';

/** Reads per timed iteration: single in-memory reads are too fast to time one by one. */
const BATCH = 1_000;
const key = (index: number) => `item:${index}`;

/** A read served by the in-process tier in front of Redis. */
export const l1Hit: Workload = {
  id: 'l1-hit',
  title: 'L1 hit (in-process tier in front of Redis)',
  description:
    'One read of a value held by the in-process tier (in front of Redis for pc and the peers), ' +
    `rotating over 100 keys; ${BATCH} reads per timed iteration.`,
  variants: [
    {
      name: 'raw lru-cache get',
      kind: 'baseline',
      note: 'returns the stored object itself (callers share one instance)',
      async setup() {
        const lru = new LRUCache<string, object>({ max: 100_000 });
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          lru.set(key(index), createSampleValue(index));
        }
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => key(index));
        const next = cycle(HOT_KEY_COUNT);
        return {
          operationsPerIteration: BATCH,
          run() {
            for (let read = 0; read < BATCH; read += 1) {
              const name = keys[next()]!;
              blackhole.value = expectHit(lru.get(name), 'lru-cache', name);
            }
          },
          teardown() {},
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
        let loads = 0;
        const loaders = Array.from({ length: HOT_KEY_COUNT }, (_, index) => async () => {
          loads += 1;
          return createSampleValue(index);
        });
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => key(index));
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await cache.getOrLoad!(keys[index]!, loaders[index]!);
        }
        const primed = loads;
        const next = cycle(HOT_KEY_COUNT);
        return {
          operationsPerIteration: BATCH,
          async run() {
            for (let read = 0; read < BATCH; read += 1) {
              const index = next();
              blackhole.value = await cache.getOrLoad!(keys[index]!, loaders[index]!);
            }
            if (loads !== primed) throw new Error('pc: a read called the loader (miss)');
          },
          // The priming reads miss L1; every timed read should hit it.
          counters: () => ({ l1HitRatio: l1HitRatio(cache) }),
          teardown: close,
        };
      },
    },
    {
      name: 'bentocache (L1 memory + L2 Redis)',
      kind: 'peer',
      async setup(context) {
        const { bento, close } = await createBentocache(context, 'memory+redis');
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => key(index));
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await bento.set({ key: keys[index]!, value: createSampleValue(index) });
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          operationsPerIteration: BATCH,
          async run() {
            for (let read = 0; read < BATCH; read += 1) {
              const name = keys[next()]!;
              blackhole.value = expectHit(await bento.get({ key: name }), 'bentocache', name);
            }
          },
          teardown: close,
        };
      },
    },
    {
      name: 'cache-manager (keyv memory + keyv Redis)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createCacheManager(context, 'memory+redis');
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => key(index));
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await cache.set(keys[index]!, createSampleValue(index));
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          operationsPerIteration: BATCH,
          async run() {
            for (let read = 0; read < BATCH; read += 1) {
              const name = keys[next()]!;
              blackhole.value = expectHit(await cache.get(name), 'cache-manager', name);
            }
          },
          teardown: close,
        };
      },
    },
    {
      name: 'async-cache-dedupe (memory storage, no L2 behind it)',
      kind: 'peer',
      note: 'returns the cached object itself: callers share one instance (no copy, no parse)',
      async setup(context) {
        const { cache, close } = await createDedupeCache(context, 'memory');
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
          operationsPerIteration: BATCH,
          async run() {
            for (let read = 0; read < BATCH; read += 1) blackhole.value = await item(next());
            if (loads !== primed)
              throw new Error('async-cache-dedupe: a read called the loader (miss)');
          },
          teardown: close,
        };
      },
    },
  ],
};

import { LRUCache } from 'lru-cache';
import { hotKey, hotKeyVariants } from '../harness/hot-key-variants.js';
import { createPcCache, l1HitRatio, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';

/** Reads per timed iteration: single in-memory reads are too fast to time one by one. */
const BATCH = 1_000;

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
          lru.set(hotKey(index), createSampleValue(index));
        }
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => hotKey(index));
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
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => hotKey(index));
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
    hotKeyVariants.bentocache(
      { name: 'bentocache (L1 memory + L2 Redis)', batch: BATCH },
      'memory+redis',
    ),
    hotKeyVariants.cacheManager(
      { name: 'cache-manager (keyv memory + keyv Redis)', batch: BATCH },
      'memory+redis',
    ),
    hotKeyVariants.asyncCacheDedupe(
      {
        name: 'async-cache-dedupe (memory storage, no L2 behind it)',
        batch: BATCH,
      },
      'memory',
    ),
  ],
};

import { LRUCache } from 'lru-cache';
import { createPcCache } from '../harness/pc-cache.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';
import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { createBentocache } from '../peers/bentocache.js';
import { createCacheManager } from '../peers/cache-manager.js';

/** Reads per timed iteration (in-memory reads are too fast to time one by one). */
const BATCH = 1_000;
const key = (index: number) => `item:${index}`;

/**
 * A read from an in-process store used as the cache's only tier. Adapters store
 * serialized payloads, so the baseline parses a stored JSON string.
 */
export const l2HitMemory: Workload = {
  id: 'l2-hit-memory',
  title: 'L2 hit, memory adapter',
  description:
    'One read from an in-process store that holds serialized payloads (the memory adapter as the only tier), ' +
    `rotating over 100 keys; ${BATCH} reads per timed iteration.`,
  variants: [
    {
      name: 'raw lru-cache get + JSON.parse',
      kind: 'baseline',
      async setup() {
        const lru = new LRUCache<string, string>({ max: 100_000 });
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => key(index));
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          lru.set(keys[index]!, JSON.stringify(createSampleValue(index)));
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          operationsPerIteration: BATCH,
          run() {
            for (let read = 0; read < BATCH; read += 1) {
              const name = keys[next()]!;
              blackhole.value = JSON.parse(expectHit(lru.get(name), 'lru-cache', name));
            }
          },
          teardown() {},
        };
      },
    },
    {
      name: 'pc cache.get (memory adapter)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'memory');
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => key(index));
        await cache.setMany(
          keys.map((name, index) => ({ key: name, value: createSampleValue(index) })),
        );
        const next = cycle(HOT_KEY_COUNT);
        return {
          operationsPerIteration: BATCH,
          async run() {
            for (let read = 0; read < BATCH; read += 1) {
              const name = keys[next()]!;
              blackhole.value = expectHit(await cache.get(name), 'pc', name);
            }
          },
          teardown: close,
        };
      },
    },
    {
      name: 'bentocache (memory driver only)',
      kind: 'peer',
      async setup(context) {
        const { bento, close } = await createBentocache(context, 'memory');
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
      name: 'cache-manager (keyv memory)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createCacheManager(context, 'memory');
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
      name: 'async-cache-dedupe (memory storage)',
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

import { LRUCache } from 'lru-cache';
import { hotKey, hotKeyVariants } from '../harness/hot-key-variants.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';

/** Reads per timed iteration (in-memory reads are too fast to time one by one). */
const BATCH = 1_000;

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
        const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => hotKey(index));
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
    hotKeyVariants.pcGet({ name: 'pc cache.get (memory adapter)', batch: BATCH }, 'memory'),
    hotKeyVariants.bentocache({ name: 'bentocache (memory driver only)', batch: BATCH }, 'memory'),
    hotKeyVariants.cacheManager({ name: 'cache-manager (keyv memory)', batch: BATCH }, 'memory'),
    hotKeyVariants.asyncCacheDedupe(
      { name: 'async-cache-dedupe (memory storage)', batch: BATCH },
      'memory',
    ),
  ],
};

import { LRUCache } from 'lru-cache';
import { hotKey, hotKeyVariants } from '../harness/hot-key-variants.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';
import {
  attachOpenTelemetryCollector,
  attachPrometheusCollector,
  l1HitPcVariant,
  PC_L1_HIT_PLAIN,
} from './l1-hit-pc-variants.js';

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
    l1HitPcVariant(PC_L1_HIT_PLAIN, BATCH),
    l1HitPcVariant(
      'pc getOrLoad + @pc/opentelemetry (SDK MeterProvider)',
      BATCH,
      attachOpenTelemetryCollector,
    ),
    l1HitPcVariant('pc getOrLoad + @pc/prometheus (prom-client)', BATCH, attachPrometheusCollector),
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

import { freshKeyLoads } from '../harness/fresh-key-loads.js';
import { freshKeyLibraryVariants } from '../harness/fresh-key-variants.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { concurrently } from '../harness/workload-helpers.js';

/** Callers that miss the same key at the same time. */
const CALLERS = 1_000;
const TTL_MILLISECONDS = 3_600_000;
const VALUE = createSampleValue(1);

/** One burst per iteration on a fresh key; counts loader calls per burst. */
const burstCounter = () => freshKeyLoads('burst', 'loaderCallsPerBurst', VALUE);

/** What every read-through variant of this workload shares. */
const FRESH_KEY_READS = {
  prefix: 'burst',
  counterName: 'loaderCallsPerBurst',
  value: VALUE,
  ttlMilliseconds: TTL_MILLISECONDS,
  callers: CALLERS,
} as const;

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
            await concurrently(CALLERS, async () => {
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
    ...freshKeyLibraryVariants(FRESH_KEY_READS),
  ],
};

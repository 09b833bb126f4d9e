import { freshKeyLoads } from '../harness/fresh-key-loads.js';
import { freshKeyLibraryVariants } from '../harness/fresh-key-variants.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';

const TTL_MILLISECONDS = 3_600_000;
const VALUE = createSampleValue(1);

/** Every operation reads a key never read before, so each must call the loader exactly once. */
const loadCounter = () => freshKeyLoads('miss', 'loaderCallsPerOperation', VALUE);

/** What every read-through variant of this workload shares. */
const FRESH_KEY_READS = {
  prefix: 'miss',
  counterName: 'loaderCallsPerOperation',
  value: VALUE,
  ttlMilliseconds: TTL_MILLISECONDS,
} as const;

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
    ...freshKeyLibraryVariants(FRESH_KEY_READS),
  ],
};

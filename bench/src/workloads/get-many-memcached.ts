import { connectMemcached } from '../harness/memcached-client.js';
import { createPcCache } from '../harness/pc-cache.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, expectHit, keyWindows } from '../harness/workload-helpers.js';

/** Keys per multi-read. */
const BATCH_KEYS = 100;
/** Distinct keys; each operation reads the next window of 100. */
const KEY_COUNT = 1_000;
const key = (index: number) => `item:${index}`;

/** One multi-read of 100 values that are all in Memcached (one `get k1 k2 ...`). */
export const getManyMemcached: Workload = {
  id: 'get-many-memcached',
  title: 'getMany(100), Memcached',
  description:
    'One read of 100 ~1 kB values that are all in Memcached, in one call (windows over 1,000 keys); one operation = 100 values.',
  variants: [
    {
      name: 'raw memcached getMulti(100) + JSON.parse',
      kind: 'baseline',
      async setup(context) {
        const client = connectMemcached((await context.memcached()).location);
        for (let index = 0; index < KEY_COUNT; index += 1) {
          await client.set(key(index), JSON.stringify(createSampleValue(index)), 3_600);
        }
        const next = keyWindows(KEY_COUNT, BATCH_KEYS, key);
        return {
          async run() {
            const keys = next();
            const found = await client.getMulti(keys);
            blackhole.value = keys.map((name) =>
              JSON.parse(expectHit(found[name] as string | undefined, 'raw memcached', name)),
            );
          },
          teardown: () => client.end(),
        };
      },
    },
    {
      name: 'pc cache.getMany (Memcached adapter)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'memcached');
        await cache.setMany(
          Array.from({ length: KEY_COUNT }, (_, index) => ({
            key: key(index),
            value: createSampleValue(index),
          })),
        );
        const next = keyWindows(KEY_COUNT, BATCH_KEYS, key);
        return {
          async run() {
            const keys = next();
            const values = await cache.getMany(keys);
            for (let index = 0; index < keys.length; index += 1)
              expectHit(values[index], 'pc', keys[index]!);
            blackhole.value = values;
          },
          teardown: close,
        };
      },
    },
  ],
  notApplicable: [
    {
      name: 'bentocache, cache-manager, async-cache-dedupe',
      reason: 'no Memcached store in the versions measured',
    },
  ],
};

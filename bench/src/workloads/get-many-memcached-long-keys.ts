import { connectMemcached } from '../harness/memcached-client.js';
import { createPcCache } from '../harness/pc-cache.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, expectHit } from '../harness/workload-helpers.js';

/** Keys per read, and their length in characters (issue 13, defect 4). */
const KEY_COUNT = 1_000;
const KEY_LENGTH = 200;

/** Key `index`: 200 characters, distinct in their last digits. */
function longKey(index: number): string {
  const suffix = `:${index}`;
  return 'k'.repeat(KEY_LENGTH - suffix.length) + suffix;
}

const KEYS = Array.from({ length: KEY_COUNT }, (_, index) => longKey(index));
/** A small value: this workload measures what a batch costs per key, not the payload. */
const smallValue = (index: number) => ({ id: index, title: `item ${index}` });

/**
 * One multi-read of 1,000 values under 200-character keys. The `memcached` 2.2.2
 * client rewrites the whole command once per key (quadratic in the batch size);
 * pc's own client writes each key once.
 */
export const getManyMemcachedLongKeys: Workload = {
  id: 'get-many-memcached-long-keys',
  title: 'getMany(1,000) of 200-character keys, Memcached',
  description:
    'One read of 1,000 small values under 200-character keys, all in Memcached, in one call; one operation = 1,000 values.',
  // The raw client takes about a second per read.
  maxIterations: { quick: 5, full: 20 },
  variants: [
    {
      name: 'raw memcached getMulti(1000) + JSON.parse',
      kind: 'baseline',
      async setup(context) {
        const client = connectMemcached((await context.memcached()).location);
        for (let index = 0; index < KEY_COUNT; index += 1) {
          await client.set(KEYS[index]!, JSON.stringify(smallValue(index)), 3_600);
        }
        return {
          async run() {
            const found = await client.getMulti(KEYS);
            blackhole.value = KEYS.map((name) =>
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
        await cache.setMany(KEYS.map((key, index) => ({ key, value: smallValue(index) })));
        return {
          async run() {
            const values = await cache.getMany(KEYS);
            for (let index = 0; index < KEYS.length; index += 1) {
              expectHit(values[index], 'pc', KEYS[index]!);
            }
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

import {
  KEY_WINDOWS,
  nextWindow,
  pcGetManyVariant,
  windowKey,
} from '../harness/key-window-reads.js';
import { connectMemcached } from '../harness/memcached-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole, expectHit } from '../harness/workload-helpers.js';

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
        for (let index = 0; index < KEY_WINDOWS.keyCount; index += 1) {
          await client.set(windowKey(index), JSON.stringify(createSampleValue(index)), 3_600);
        }
        const next = nextWindow();
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
    pcGetManyVariant('pc cache.getMany (Memcached adapter)', 'memcached'),
  ],
  notApplicable: [
    {
      name: 'bentocache, cache-manager, async-cache-dedupe',
      reason: 'no Memcached store in the versions measured',
    },
  ],
};

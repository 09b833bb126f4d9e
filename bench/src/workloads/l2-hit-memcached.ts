import { hotKey, hotKeyVariants } from '../harness/hot-key-variants.js';
import { connectMemcached } from '../harness/memcached-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';

/** A read that hits Memcached: one `get` round trip and a parse. */
export const l2HitMemcached: Workload = {
  id: 'l2-hit-memcached',
  title: 'L2 hit, Memcached',
  description:
    'One sequential read of a ~1 kB JSON value that is in Memcached, rotating over 100 keys; no in-process tier.',
  variants: [
    {
      name: 'raw memcached get + JSON.parse',
      kind: 'baseline',
      async setup(context) {
        const client = connectMemcached((await context.memcached()).location);
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await client.set(hotKey(index), JSON.stringify(createSampleValue(index)), 3_600);
        }
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = hotKey(next());
            JSON.parse(expectHit((await client.get(name)) as string, 'raw memcached', name));
          },
          teardown: () => client.end(),
        };
      },
    },
    hotKeyVariants.pcGet({ name: 'pc cache.get (Memcached adapter)' }, 'memcached'),
  ],
  notApplicable: [
    {
      name: 'bentocache, cache-manager, async-cache-dedupe',
      reason:
        'none ships a Memcached store in the versions measured (keyv has @keyv/memcache; not in scope of issue 9)',
    },
  ],
};

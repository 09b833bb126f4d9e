import { hotKey, hotKeyVariants } from '../harness/hot-key-variants.js';
import { connectRedis, fillRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { cycle, expectHit, HOT_KEY_COUNT } from '../harness/workload-helpers.js';

/**
 * A read that hits Redis (no in-process tier): one GET round trip and a parse, by
 * `cache.get` and by the read-through `getOrLoad` with L1 off.
 */
export const l2HitRedis: Workload = {
  id: 'l2-hit-redis',
  title: 'L2 hit, Redis',
  description:
    'One sequential read of a ~1 kB JSON value that is in Redis, rotating over 100 keys; no in-process tier.',
  // Targets sit a few per cent from the baseline: five rounds, so one burst of
  // other work on the machine does not decide a ratio.
  rounds: { quick: 2, full: 5 },
  variants: [
    {
      name: 'raw ioredis GET + JSON.parse',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        await fillRedis(client, HOT_KEY_COUNT, (index) => [
          hotKey(index),
          JSON.stringify(createSampleValue(index)),
        ]);
        const next = cycle(HOT_KEY_COUNT);
        return {
          async run() {
            const name = hotKey(next());
            JSON.parse(expectHit(await client.get(name), 'raw ioredis', name));
          },
          teardown: () => client.disconnect(),
        };
      },
    },
    hotKeyVariants.pcGet({ name: 'pc cache.get (Redis adapter)' }, 'redis'),
    hotKeyVariants.pcGetOrLoad(
      {
        name: 'pc getOrLoad (Redis adapter, L1 off)',
        note: 'the read-through path (lease-aware slot read) with the burst layer off',
      },
      'redis',
    ),
    hotKeyVariants.bentocache({ name: 'bentocache (L2 Redis only)' }, 'redis'),
    hotKeyVariants.cacheManager({ name: 'cache-manager (keyv Redis)' }, 'redis'),
    hotKeyVariants.asyncCacheDedupe({ name: 'async-cache-dedupe (Redis storage)' }, 'redis'),
  ],
};

import {
  expectAllHit,
  KEY_WINDOWS,
  nextWindow,
  pcGetManyVariant,
  windowItems,
  windowKey,
} from '../harness/key-window-reads.js';
import { createPcCache } from '../harness/pc-cache.js';
import { connectRedis, fillRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { blackhole } from '../harness/workload-helpers.js';
import { createCacheManager } from '../peers/cache-manager.js';

/** One multi-read of 100 values that are all in Redis (one round trip). */
export const getManyRedis: Workload = {
  id: 'get-many-redis',
  title: 'getMany(100), Redis',
  description:
    'One read of 100 ~1 kB values that are all in Redis, in one call (windows over 1,000 keys); one operation = 100 values.',
  // Targets sit a few per cent from the baseline: five rounds, so one burst of
  // other work on the machine does not decide a ratio.
  rounds: { quick: 2, full: 5 },
  variants: [
    {
      name: 'raw ioredis MGET(100) + JSON.parse',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        await fillRedis(client, KEY_WINDOWS.keyCount, (index) => [
          windowKey(index),
          JSON.stringify(createSampleValue(index)),
        ]);
        const next = nextWindow();
        return {
          async run() {
            const keys = next();
            const payloads = await client.mget(keys);
            const values = payloads.map((payload) =>
              payload === null ? undefined : JSON.parse(payload),
            );
            expectAllHit(values, 'raw ioredis', keys);
            blackhole.value = values;
          },
          teardown: () => client.disconnect(),
        };
      },
    },
    pcGetManyVariant('pc cache.getMany (Redis adapter)', 'redis'),
    {
      name: 'pc getManyOrLoad (Redis adapter, L1 off)',
      kind: 'pc',
      note: 'the read-through path (lease-aware slot read, single-flight bookkeeping) with the burst layer off',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis', { burst: false }, [
          'getManyOrLoad',
        ]);
        await cache.setMany(windowItems());
        let loads = 0;
        const loadMany = async () => {
          loads += 1;
          return new Map<string, unknown>();
        };
        const next = nextWindow();
        return {
          async run() {
            const keys = next();
            const values = await cache.getManyOrLoad!(keys, loadMany);
            expectAllHit(values, 'pc', keys);
            if (loads !== 0) throw new Error('pc: getManyOrLoad called the loader (miss)');
            blackhole.value = values;
          },
          teardown: close,
        };
      },
    },
    {
      name: 'cache-manager mget (keyv Redis)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createCacheManager(context, 'redis');
        await cache.mset(windowItems());
        const next = nextWindow();
        return {
          async run() {
            const keys = next();
            const values = await cache.mget(keys);
            expectAllHit(values, 'cache-manager', keys);
            blackhole.value = values;
          },
          teardown: close,
        };
      },
    },
  ],
  notApplicable: [
    { name: 'bentocache', reason: 'no multi-key read (getMany) in 1.6.1' },
    { name: 'async-cache-dedupe', reason: 'no multi-key read; one call per key' },
  ],
};

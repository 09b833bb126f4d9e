import { createPcCache } from '../harness/pc-cache.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Workload } from '../harness/workload.js';
import { expectHit } from '../harness/workload-helpers.js';
import { createBentocache } from '../peers/bentocache.js';

const KEY = 'grace:item';
const VALUE = createSampleValue(1);
/** The loader: a slow database query. */
const LOAD_MILLISECONDS = 100;
const SOFT_TIMEOUT_MILLISECONDS = 10;
/** The value goes stale 1 ms after each fill, so every read finds it in grace. */
const TTL_MILLISECONDS = 1;
const GRACE_MILLISECONDS = 3_600_000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** A loader that takes `LOAD_MILLISECONDS` and counts its calls. */
function slowLoader() {
  let calls = 0;
  return {
    async load() {
      calls += 1;
      await sleep(LOAD_MILLISECONDS);
      return VALUE;
    },
    get calls() {
      return calls;
    },
  };
}

/**
 * A read of an entry in grace while its loader is slow: pc `getOrLoad` and
 * bentocache `getOrSet`, both with a grace window and a 10 ms soft timeout, L2 only.
 */
export const graceSoftTimeoutRedis: Workload = {
  id: 'grace-soft-timeout-redis',
  title: 'Grace + soft timeout, Redis (100 ms loader)',
  description:
    `One sequential read of a ~1 kB value whose TTL (${TTL_MILLISECONDS} ms) has passed but whose grace window has not, ` +
    `with a loader that takes ${LOAD_MILLISECONDS} ms and a soft timeout of ${SOFT_TIMEOUT_MILLISECONDS} ms: the ` +
    'read that starts a load answers from grace after the soft timeout, the reads during that load answer ' +
    'at once; each fill makes the value stale again 1 ms later. L2 (Redis) only, no in-process tier.',
  variants: [
    {
      name: 'raw ioredis GET + JSON.parse (an L2 hit)',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        await client.set(KEY, JSON.stringify(VALUE));
        return {
          async run() {
            JSON.parse(expectHit(await client.get(KEY), 'raw ioredis', KEY));
          },
          teardown: () => client.disconnect(),
        };
      },
    },
    {
      name: 'pc getOrLoad (graceMilliseconds, softTimeoutMilliseconds: 10)',
      kind: 'pc',
      note: 'a value past its TTL; the loader keeps running in the background and refills',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis', { burst: false }, [
          'getOrLoad',
        ]);
        const options = {
          ttlMilliseconds: TTL_MILLISECONDS,
          graceMilliseconds: GRACE_MILLISECONDS,
          softTimeoutMilliseconds: SOFT_TIMEOUT_MILLISECONDS,
        };
        const loader = slowLoader();
        const read = cache.getOrLoad as (
          key: string,
          load: () => Promise<unknown>,
          options: object,
        ) => Promise<unknown>;
        await read.call(cache, KEY, async () => VALUE, options);
        await sleep(TTL_MILLISECONDS + 1);
        let operations = 0;
        return {
          async run() {
            operations += 1;
            expectHit(await read.call(cache, KEY, () => loader.load(), options), 'pc', KEY);
          },
          counters: () => ({ loaderCallsPerOperation: loader.calls / Math.max(1, operations) }),
          async teardown() {
            await sleep(LOAD_MILLISECONDS + 10);
            await close();
          },
        };
      },
    },
    {
      name: 'bentocache getOrSet (grace, timeout: 10 ms)',
      kind: 'peer',
      note: 'L2 Redis only; bentocache 1.6.1 grace + soft timeout',
      async setup(context) {
        const { bento, close } = await createBentocache(context, 'redis');
        const loader = slowLoader();
        const options = {
          key: KEY,
          ttl: TTL_MILLISECONDS,
          grace: GRACE_MILLISECONDS,
          timeout: SOFT_TIMEOUT_MILLISECONDS,
        };
        await bento.getOrSet({ ...options, factory: async () => VALUE });
        await sleep(TTL_MILLISECONDS + 1);
        let operations = 0;
        return {
          async run() {
            operations += 1;
            expectHit(
              await bento.getOrSet({ ...options, factory: () => loader.load() }),
              'bentocache',
              KEY,
            );
          },
          counters: () => ({ loaderCallsPerOperation: loader.calls / Math.max(1, operations) }),
          async teardown() {
            await sleep(LOAD_MILLISECONDS + 10);
            await close();
          },
        };
      },
    },
  ],
};

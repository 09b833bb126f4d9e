import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { createBentocache } from '../peers/bentocache.js';
import { createCacheManager } from '../peers/cache-manager.js';
import { type FreshKeyLoads, freshKeyLoads } from './fresh-key-loads.js';
import { createPcCache, PC_BURST_OPTIONS } from './pc-cache.js';
import type { Variant, VariantRunner } from './workload.js';
import { concurrently } from './workload-helpers.js';

/** How a fresh-key variant reads. */
export interface FreshKeyReadOptions<T> {
  /** Shown in tables and charts. */
  readonly name: string;
  /** Prefix of the fresh keys, e.g. `miss`. */
  readonly prefix: string;
  /** Name of the loader-calls-per-key counter, e.g. `loaderCallsPerOperation`. */
  readonly counterName: string;
  /** What the 1 ms loader returns. */
  readonly value: T;
  /** TTL of the stored value, in milliseconds. */
  readonly ttlMilliseconds: number;
  /**
   * Callers that read each fresh key at the same time; one operation per caller.
   * @default 1
   */
  readonly callers?: number;
}

/**
 * The miss workloads' read-through variants, each in front of Redis: every
 * iteration reads a key nobody read before (by `callers` callers at once) through
 * the library's load-on-miss call with a counting 1 ms loader.
 */
export const freshKeyVariants = {
  /** pc `getOrLoad` with the burst layer on the Redis adapter. */
  pcGetOrLoad<T>(options: FreshKeyReadOptions<T>): Variant {
    return {
      name: options.name,
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis', PC_BURST_OPTIONS, [
          'getOrLoad',
        ]);
        const ttlMilliseconds = options.ttlMilliseconds;
        return freshReads(
          options,
          loadsOf(options),
          (name, load) => cache.getOrLoad!(name, load, { ttlMilliseconds }),
          close,
        );
      },
    };
  },

  /** bentocache `getOrSet`, L1 memory + L2 Redis. */
  bentocacheGetOrSet<T>(options: FreshKeyReadOptions<T>): Variant {
    return {
      name: options.name,
      kind: 'peer',
      async setup(context) {
        const { bento, close } = await createBentocache(context, 'memory+redis');
        const ttl = options.ttlMilliseconds;
        return freshReads(
          options,
          loadsOf(options),
          (name, load) => bento.getOrSet({ key: name, factory: load, ttl }),
          close,
        );
      },
    };
  },

  /** cache-manager `wrap`, keyv memory + keyv Redis. */
  cacheManagerWrap<T>(options: FreshKeyReadOptions<T>): Variant {
    return {
      name: options.name,
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createCacheManager(context, 'memory+redis');
        const ttl = options.ttlMilliseconds;
        return freshReads(
          options,
          loadsOf(options),
          (name, load) => cache.wrap(name, load, ttl),
          close,
        );
      },
    };
  },

  /** async-cache-dedupe with Redis storage: a defined function whose loader counts. */
  asyncCacheDedupe<T>(options: FreshKeyReadOptions<T>): Variant {
    return {
      name: options.name,
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createDedupeCache(context, 'redis');
        const loads = loadsOf(options);
        cache.define('item', async (_name: string) => loads.load());
        const item = cache.item as (name: string) => Promise<unknown>;
        return freshReads(options, loads, (name) => item(name), close);
      },
    };
  },
};

function loadsOf<T>(options: FreshKeyReadOptions<T>): FreshKeyLoads<T> {
  return freshKeyLoads(options.prefix, options.counterName, options.value);
}

function freshReads<T>(
  options: FreshKeyReadOptions<T>,
  loads: FreshKeyLoads<T>,
  read: (key: string, load: () => Promise<T>) => Promise<unknown>,
  teardown: () => Promise<void>,
): VariantRunner {
  const callers = options.callers ?? 1;
  return {
    operationsPerIteration: callers,
    run:
      callers === 1
        ? async () => {
            await read(loads.nextKey(), loads.load);
          }
        : async () => {
            const name = loads.nextKey();
            await concurrently(callers, () => read(name, loads.load));
          },
    counters: loads.counters,
    teardown,
  };
}

/**
 * pc and every peer on the same fresh-key reads, in the order the tables show
 * them (the raw baseline stays in the workload: its loop differs per workload).
 */
export function freshKeyLibraryVariants<T>(
  options: Omit<FreshKeyReadOptions<T>, 'name'>,
): Variant[] {
  return [
    freshKeyVariants.pcGetOrLoad({ name: 'pc getOrLoad (burst L1 + Redis)', ...options }),
    freshKeyVariants.bentocacheGetOrSet({
      name: 'bentocache getOrSet (L1 memory + L2 Redis)',
      ...options,
    }),
    freshKeyVariants.cacheManagerWrap({
      name: 'cache-manager wrap (keyv memory + keyv Redis)',
      ...options,
    }),
    freshKeyVariants.asyncCacheDedupe({ name: 'async-cache-dedupe (Redis storage)', ...options }),
  ];
}

import { createDedupeCache, type DedupeStorage } from '../peers/async-cache-dedupe.js';
import { type BentocacheLayers, createBentocache } from '../peers/bentocache.js';
import { type CacheManagerStores, createCacheManager } from '../peers/cache-manager.js';
import { createPcCache, type PcBackend } from './pc-cache.js';
import { createSampleValue } from './sample-value.js';
import type { Variant, VariantRunner } from './workload.js';
import { blackhole, cycle, expectHit, HOT_KEY_COUNT } from './workload-helpers.js';

/** The key of hot value `index`: `item:<index>`. */
export const hotKey = (index: number): string => `item:${index}`;

const SHARED_INSTANCE_NOTE =
  'returns the cached object itself: callers share one instance (no copy, no parse)';

/** How a hot-key variant reads. */
export interface HotKeyReadOptions {
  /** Shown in tables and charts. */
  readonly name: string;
  /** A caveat shown next to the figures. */
  readonly note?: string;
  /**
   * Reads per timed iteration: in-memory tiers batch many so the timer's cost does
   * not dominate; network tiers read one.
   * @default 1
   */
  readonly batch?: number;
}

/**
 * The hit workloads' variants that write the `HOT_KEY_COUNT` sample values once and
 * then read them round robin, failing the run on a miss: pc `cache.get`, bentocache
 * `get`, cache-manager `get` and an async-cache-dedupe function whose loader must
 * never run again. Each workload picks the tiers it measures.
 */
export const hotKeyVariants = {
  /** pc `cache.get` on `backend` (no burst layer), values written with one `setMany`. */
  pcGet(options: HotKeyReadOptions, backend: PcBackend): Variant {
    return {
      ...identity(options, 'pc'),
      async setup(context) {
        const { cache, close } = await createPcCache(context, backend);
        await cache.setMany(
          Array.from({ length: HOT_KEY_COUNT }, (_, index) => ({
            key: hotKey(index),
            value: createSampleValue(index),
          })),
        );
        return hotReads(options, 'pc', (name) => cache.get(name), close);
      },
    };
  },

  /**
   * pc `cache.getOrLoad` on `backend` with the burst layer off (`burst: false` on the
   * Cache), so every read is an L2 hit through the read-through path; values written
   * with one `setMany`. A call that runs its loader was a miss and fails the run.
   */
  pcGetOrLoad(options: HotKeyReadOptions, backend: PcBackend): Variant {
    return {
      ...identity(options, 'pc'),
      async setup(context) {
        const { cache, close } = await createPcCache(context, backend, { burst: false }, [
          'getOrLoad',
        ]);
        await cache.setMany(
          Array.from({ length: HOT_KEY_COUNT }, (_, index) => ({
            key: hotKey(index),
            value: createSampleValue(index),
          })),
        );
        // One loader per call site, as an application passes it; it must never run.
        const loader = async (): Promise<unknown> => {
          throw new Error(`pc: getOrLoad called the loader (a miss in ${backend})`);
        };
        return hotReads(options, 'pc', (name) => cache.getOrLoad!(name, loader), close);
      },
    };
  },

  /** bentocache `get` with `layers`. */
  bentocache(options: HotKeyReadOptions, layers: BentocacheLayers): Variant {
    return {
      ...identity(options, 'peer'),
      async setup(context) {
        const { bento, close } = await createBentocache(context, layers);
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await bento.set({ key: hotKey(index), value: createSampleValue(index) });
        }
        return hotReads(options, 'bentocache', (name) => bento.get({ key: name }), close);
      },
    };
  },

  /** cache-manager `get` on `stores`. */
  cacheManager(options: HotKeyReadOptions, stores: CacheManagerStores): Variant {
    return {
      ...identity(options, 'peer'),
      async setup(context) {
        const { cache, close } = await createCacheManager(context, stores);
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
          await cache.set(hotKey(index), createSampleValue(index));
        }
        return hotReads(options, 'cache-manager', (name) => cache.get(name), close);
      },
    };
  },

  /**
   * async-cache-dedupe: a defined function called once per value to prime `storage`;
   * a timed call that runs the loader again was a miss. With memory storage it hands
   * out the cached object itself, which the variant's note says unless `options.note` is set.
   */
  asyncCacheDedupe(options: HotKeyReadOptions, storage: DedupeStorage): Variant {
    return {
      ...identity(
        storage === 'memory' && options.note === undefined
          ? { ...options, note: SHARED_INSTANCE_NOTE }
          : options,
        'peer',
      ),
      async setup(context) {
        const { cache, close } = await createDedupeCache(context, storage);
        let loads = 0;
        cache.define('item', async (index: number) => {
          loads += 1;
          return createSampleValue(index);
        });
        const item = cache.item as (index: number) => Promise<unknown>;
        for (let index = 0; index < HOT_KEY_COUNT; index += 1) await item(index);
        const primed = loads;
        const next = cycle(HOT_KEY_COUNT);
        const batch = options.batch ?? 1;
        return {
          operationsPerIteration: batch,
          async run() {
            for (let read = 0; read < batch; read += 1) blackhole.value = await item(next());
            if (loads !== primed) {
              throw new Error(`async-cache-dedupe: a read called the loader (miss in ${storage})`);
            }
          },
          teardown: close,
        };
      },
    };
  },
};

function identity(
  options: HotKeyReadOptions,
  kind: Variant['kind'],
): Pick<Variant, 'name' | 'kind' | 'note'> {
  return options.note === undefined
    ? { name: options.name, kind }
    : { name: options.name, kind, note: options.note };
}

function hotReads(
  options: HotKeyReadOptions,
  label: string,
  readKey: (key: string) => Promise<unknown>,
  teardown: () => Promise<void>,
): VariantRunner {
  const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => hotKey(index));
  const next = cycle(HOT_KEY_COUNT);
  const batch = options.batch ?? 1;
  return {
    operationsPerIteration: batch,
    async run() {
      for (let read = 0; read < batch; read += 1) {
        const name = keys[next()]!;
        blackhole.value = expectHit(await readKey(name), label, name);
      }
    },
    teardown,
  };
}

import type { BenchContext } from './bench-context.js';
import { VariantUnavailableError } from './workload.js';

/** Options of a write, as in cache-api.md. */
export interface PcSetOptions {
  ttlMilliseconds?: number;
  tags?: readonly string[];
  /** Runtime reads only (issue 6): `false` skips L1 for this call. */
  burst?: false | { ttlMilliseconds: number };
}

/**
 * The part of pc's `Cache` the bench calls. Declared here rather than imported so
 * the bench builds while pieces land one by one; a piece that is missing at run
 * time makes its variants pending ({@link VariantUnavailableError}).
 */
export interface PcCache {
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>>;
  set(key: string, value: unknown, options?: PcSetOptions): Promise<boolean>;
  setMany(items: ReadonlyArray<{ key: string; value: unknown } & PcSetOptions>): Promise<boolean[]>;
  delete(key: string): Promise<boolean>;
  invalidateTags(tags: readonly string[]): Promise<void>;
  dispose(): Promise<void>;
  /** Issue 6 (two-layer runtime): read through L1 and L2, load on a miss, single-flight. */
  getOrLoad?<T>(
    key: string,
    loader: () => Promise<T | undefined>,
    options?: PcSetOptions,
  ): Promise<T | undefined>;
  /** Issue 6: counters; the bench reads the L1 hit ratio from them. */
  stats?(): { total: { l1: { hits: number; misses: number } } };
  /** Issue 6: many keys, one batched loader call for the misses. */
  getManyOrLoad?<T>(
    keys: readonly string[],
    loadMany: (missing: readonly string[]) => Promise<ReadonlyArray<T> | ReadonlyMap<string, T>>,
    options?: PcSetOptions,
  ): Promise<Array<T | undefined>>;
}

/** The shared backends pc can put under a `Cache`. */
export type PcBackend = 'redis' | 'memcached' | 'fs' | 'memory';

/** A pc `Cache` and the means to close what the bench created for it. */
export interface PcCacheHandle {
  cache: PcCache;
  /** Disposes the cache and then the adapter. */
  close(): Promise<void>;
}

interface DisposableAdapter {
  dispose(): Promise<void>;
}

type Factory = (options: Record<string, unknown>) => unknown;

async function importModule(specifier: string): Promise<Record<string, unknown>> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VariantUnavailableError(`${specifier} cannot be loaded (not built yet?): ${message}`);
  }
}

function exported(module: Record<string, unknown>, name: string, specifier: string): Factory {
  const value = module[name];
  if (typeof value !== 'function') {
    throw new VariantUnavailableError(`${specifier} does not export ${name} yet`);
  }
  return value as Factory;
}

const ADAPTERS: Record<
  PcBackend,
  { specifier: string; factory: string; options: (context: BenchContext) => Promise<object> }
> = {
  redis: {
    specifier: '@pc/adapter-redis',
    factory: 'createRedisAdapter',
    async options(context) {
      const { host, port } = await context.redis();
      return { url: `redis://${host}:${port}`, namespace: 'bench' };
    },
  },
  memcached: {
    specifier: '@pc/adapter-memcached',
    factory: 'createMemcachedAdapter',
    async options(context) {
      const { location } = await context.memcached();
      return { servers: [location], namespace: 'bench' };
    },
  },
  fs: {
    specifier: '@pc/adapter-fs',
    factory: 'createFsAdapter',
    async options(context) {
      return { directory: await context.directory('pc-fs') };
    },
  },
  memory: {
    specifier: '@pc/adapter-memory',
    factory: 'createMemoryAdapter',
    async options() {
      return {};
    },
  },
};

/**
 * pc's burst layer (L1) as the bench configures it: a TTL far above a run, and room
 * for every key a workload touches (the peers' L1 tiers get the same room).
 */
export const PC_BURST_OPTIONS = {
  burst: { ttlMilliseconds: 3_600_000, maxItems: 100_000 },
} as const;

/** The names of the runtime methods issue 6 adds; variants that need them check here. */
export type PcRuntimeMethod = 'getOrLoad' | 'getManyOrLoad';

/** Share of `getOrLoad` reads served by L1 since the cache was created, from `cache.stats()`. */
export function l1HitRatio(cache: PcCache): number {
  const stats = cache.stats?.();
  if (stats === undefined) return Number.NaN;
  const { hits, misses } = stats.total.l1;
  return hits + misses === 0 ? 0 : hits / (hits + misses);
}

/**
 * Creates a pc `Cache` on one backend, with the built packages the user would
 * install. `cacheOptions` go to `createCache` next to the adapter (e.g. the burst
 * layer once issue 6 lands). `requires` names runtime methods the variant calls:
 * when the Cache lacks one, the variant is pending.
 */
export async function createPcCache(
  context: BenchContext,
  backend: PcBackend,
  cacheOptions: Record<string, unknown> = {},
  requires: readonly PcRuntimeMethod[] = [],
): Promise<PcCacheHandle> {
  const core = await importModule('@pc/core');
  const createCache = exported(core, 'createCache', '@pc/core');
  // Check before building anything: until issue 6 lands, createCache also rejects the
  // burst options these variants pass.
  const prototype = (core.Cache as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  const missing = requires.filter((method) => typeof prototype?.[method] !== 'function');
  if (missing.length > 0) {
    throw new VariantUnavailableError(
      `the pc Cache has no ${missing.join(', ')} yet (issue 6: two-layer runtime)`,
    );
  }
  const spec = ADAPTERS[backend];
  const adapterModule = await importModule(spec.specifier);
  const createAdapter = exported(adapterModule, spec.factory, spec.specifier);
  const adapter = (await createAdapter(
    (await spec.options(context)) as Record<string, unknown>,
  )) as DisposableAdapter;
  let cache: PcCache;
  try {
    cache = createCache({ adapter, ...cacheOptions }) as PcCache;
  } catch (error) {
    await adapter.dispose();
    throw error;
  }
  const close = async () => {
    await cache.dispose();
    await adapter.dispose();
  };
  return { cache, close };
}

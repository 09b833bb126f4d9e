import { createCache } from 'async-cache-dedupe';
import type { BenchContext } from '../harness/bench-context.js';
import { connectRedis } from '../harness/redis-client.js';

/** Which storage async-cache-dedupe runs with. */
export type DedupeStorage = 'memory' | 'redis';

/** The cache object `createCache` returns, with the functions defined on it. */
export type DedupeCache = ReturnType<typeof createCache> & Record<string, unknown>;

/**
 * async-cache-dedupe 3.4.0 with its memory storage or its Redis storage (on an
 * ioredis 6 client). TTLs are in seconds there; the bench uses one hour.
 * `invalidation: true` turns on its reference (tag) index, needed by the tag workload.
 */
export async function createDedupeCache(
  context: BenchContext,
  storage: DedupeStorage,
  options: { invalidation?: boolean } = {},
): Promise<{ cache: DedupeCache; close(): Promise<void> }> {
  if (storage === 'memory') {
    const cache = createCache({
      ttl: 3_600,
      storage: {
        type: 'memory',
        options: { size: 100_000, invalidation: options.invalidation ?? false },
      },
    }) as DedupeCache;
    return { cache, close: async () => {} };
  }
  const client = await connectRedis(await context.redis());
  const cache = createCache({
    ttl: 3_600,
    storage: {
      type: 'redis',
      options: { client, invalidation: options.invalidation ? { referencesTTL: 3_600 } : false },
    },
  }) as DedupeCache;
  return {
    cache,
    async close() {
      client.disconnect();
    },
  };
}

import KeyvRedis from '@keyv/redis';
import { type Cache, createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import type { BenchContext } from '../harness/bench-context.js';

/** Which stores cache-manager runs with, first store first. */
export type CacheManagerStores = 'memory+redis' | 'memory' | 'redis';

/**
 * cache-manager 7.2.9 on keyv 5.6.0 stores: `@keyv/redis` 5.1.6 (node-redis client)
 * on the bench's Redis, and keyv's default in-memory Map as the first tier.
 */
export async function createCacheManager(
  context: BenchContext,
  stores: CacheManagerStores,
): Promise<{ cache: Cache; close(): Promise<void> }> {
  const tiers: Keyv[] = [];
  if (stores !== 'redis') tiers.push(new Keyv());
  if (stores !== 'memory') {
    const { host, port } = await context.redis();
    tiers.push(new Keyv({ store: new KeyvRedis(`redis://${host}:${port}`) }));
  }
  const cache = createCache({ stores: tiers, ttl: 3_600_000 });
  return {
    cache,
    async close() {
      await cache.disconnect();
    },
  };
}

import { BentoCache, bentostore } from 'bentocache';
import { fileDriver } from 'bentocache/drivers/file';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisDriver } from 'bentocache/drivers/redis';
import type { BenchContext } from '../harness/bench-context.js';
import { connectRedis } from '../harness/redis-client.js';

/** Which tiers bentocache runs with. */
export type BentocacheLayers = 'memory+redis' | 'memory' | 'redis' | 'file';

/** A bentocache instance with one store, `cache`. */
export type Bento = BentoCache<{ cache: ReturnType<typeof bentostore> }>;

/** Items the L1 memory tier may hold: above every workload's key count, so nothing is evicted. */
export const L1_MAX_ITEMS = 100_000;

/**
 * bentocache 1.6.1 with its documented defaults (L1 entries serialized, no bus:
 * one process), on the bench's Redis through an ioredis 6 client (see BENCHMARKS.md
 * for why ioredis 6 and not the ^5 its peer range names).
 */
export async function createBentocache(
  context: BenchContext,
  layers: BentocacheLayers,
): Promise<{ bento: Bento; close(): Promise<void> }> {
  let store = bentostore();
  if (layers === 'memory+redis' || layers === 'memory') {
    store = store.useL1Layer(memoryDriver({ maxItems: L1_MAX_ITEMS }));
  }
  if (layers === 'file') {
    store = store.useL2Layer(fileDriver({ directory: await context.directory('bentocache-file') }));
  } else if (layers !== 'memory') {
    const connection = await connectRedis(await context.redis());
    store = store.useL2Layer(redisDriver({ connection }));
  }
  const bento = new BentoCache({ default: 'cache', stores: { cache: store }, ttl: '1h' }) as Bento;
  return { bento, close: () => bento.disconnect() };
}

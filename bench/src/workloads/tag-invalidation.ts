import { createPcCache, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Variant, Workload } from '../harness/workload.js';
import { expectMiss, forEachConcurrently } from '../harness/workload-helpers.js';
import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { type BentocacheLayers, createBentocache } from '../peers/bentocache.js';

/** Entries that carry the tag. */
const ENTRIES = 10_000;
/** Reads after the invalidation (every 100th entry); all must miss. */
const READS = 100;
const TAG = 'hot';
const TTL_SECONDS = 3_600;
/** Writes in flight while refilling for libraries without a batch write. */
const REFILL_CONCURRENCY = 100;
const VALUES = Array.from({ length: ENTRIES }, (_, index) => createSampleValue(index));
const key = (index: number) => `item:${index}`;
const readIndexes = Array.from({ length: READS }, (_, read) => read * (ENTRIES / READS));

/** bentocache on `layers`: refill every entry with the tag, then `deleteByTag` and read. */
function bentocacheDeleteByTag(name: string, layers: BentocacheLayers, note?: string): Variant {
  return {
    name,
    kind: 'peer',
    ...(note === undefined ? {} : { note }),
    async setup(context) {
      const { bento, close } = await createBentocache(context, layers);
      return {
        async beforeEach() {
          await forEachConcurrently(ENTRIES, REFILL_CONCURRENCY, (index) =>
            bento.set({ key: key(index), value: VALUES[index], tags: [TAG] }),
          );
        },
        async run() {
          await bento.deleteByTag({ tags: [TAG] });
          for (const index of readIndexes) {
            expectMiss(await bento.get({ key: key(index) }), 'bentocache', key(index));
          }
        },
        teardown: close,
      };
    },
  };
}

/** Invalidate one tag that 10,000 entries carry, then read 100 of them (all must miss). */
export const tagInvalidation: Workload = {
  id: 'tag-invalidation',
  title: 'Tag invalidation over 10,000 entries, then reads',
  description:
    `${ENTRIES.toLocaleString('en-US')} entries in Redis carry one tag. One operation = invalidate that tag, then read ` +
    `${READS} of the entries one by one (each must miss). The entries are written again before every ` +
    'operation, untimed.',
  maxIterations: { quick: 2, full: 10 },
  // Writing 10,000 tagged entries before every operation is the slow part; one round in quick mode.
  rounds: { quick: 1, full: 2 },
  variants: [
    {
      name: 'raw ioredis tag set: SMEMBERS + UNLINK, then GET',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        const tagSet = `tag:${TAG}`;
        return {
          async beforeEach() {
            for (let start = 0; start < ENTRIES; start += 1_000) {
              const pipeline = client.pipeline();
              for (let index = start; index < start + 1_000; index += 1) {
                pipeline.set(key(index), JSON.stringify(VALUES[index]), 'EX', TTL_SECONDS);
                pipeline.sadd(tagSet, key(index));
              }
              await pipeline.exec();
            }
          },
          async run() {
            const members = await client.smembers(tagSet);
            for (let start = 0; start < members.length; start += 1_000) {
              await client.unlink(...members.slice(start, start + 1_000));
            }
            await client.del(tagSet);
            for (const index of readIndexes) {
              expectMiss(await client.get(key(index)), 'raw ioredis', key(index));
            }
          },
          teardown: () => client.disconnect(),
        };
      },
    },
    {
      name: 'pc invalidateTags + cache.get (Redis adapter)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis');
        return {
          async beforeEach() {
            for (let start = 0; start < ENTRIES; start += 1_000) {
              await cache.setMany(
                VALUES.slice(start, start + 1_000).map((value, offset) => ({
                  key: key(start + offset),
                  value,
                  tags: [TAG],
                  ttlMilliseconds: TTL_SECONDS * 1_000,
                })),
              );
            }
          },
          async run() {
            await cache.invalidateTags([TAG]);
            for (const index of readIndexes)
              expectMiss(await cache.get(key(index)), 'pc', key(index));
          },
          teardown: close,
        };
      },
    },
    {
      name: 'pc invalidateTags + getOrLoad (burst L1 + Redis)',
      kind: 'pc',
      note: 'the 100 read entries are in L1 before the invalidation; the loader finds nothing',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis', PC_BURST_OPTIONS, [
          'getOrLoad',
        ]);
        const options = { ttlMilliseconds: TTL_SECONDS * 1_000, tags: [TAG] };
        // A loader that finds nothing: a miss stays a miss and nothing is stored.
        const nothing = async () => undefined;
        return {
          async beforeEach() {
            for (let start = 0; start < ENTRIES; start += 1_000) {
              await cache.setMany(
                VALUES.slice(start, start + 1_000).map((value, offset) => ({
                  key: key(start + offset),
                  value,
                  ...options,
                })),
              );
            }
            for (const index of readIndexes) {
              if ((await cache.getOrLoad!(key(index), nothing, options)) === undefined) {
                throw new Error('pc: the refill did not store the entries');
              }
            }
          },
          async run() {
            await cache.invalidateTags([TAG]);
            for (const index of readIndexes) {
              expectMiss(await cache.getOrLoad!(key(index), nothing, options), 'pc', key(index));
            }
          },
          teardown: close,
        };
      },
    },
    bentocacheDeleteByTag('bentocache deleteByTag + get (L2 Redis only)', 'redis'),
    bentocacheDeleteByTag(
      'bentocache deleteByTag + get (L1 memory + L2 Redis)',
      'memory+redis',
      'the 100 read entries are in L1 before the invalidation',
    ),
    {
      name: 'async-cache-dedupe invalidateAll + get (Redis references)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createDedupeCache(context, 'redis', { invalidation: true });
        cache.define('item', { references: () => [TAG] }, async (index: number) => VALUES[index]);
        // The storage key of item(index): `${name}~${serialized argument}`.
        const storageKey = (index: number) => `item~${index}`;
        return {
          async beforeEach() {
            await forEachConcurrently(ENTRIES, REFILL_CONCURRENCY, (index) =>
              cache.set('item', storageKey(index), VALUES[index], TTL_SECONDS, [TAG]),
            );
            if ((await cache.get('item', storageKey(0))) === undefined) {
              throw new Error('async-cache-dedupe: the refill did not store the entries');
            }
          },
          async run() {
            await cache.invalidateAll([TAG]);
            for (const index of readIndexes) {
              expectMiss(
                await cache.get('item', storageKey(index)),
                'async-cache-dedupe',
                storageKey(index),
              );
            }
          },
          teardown: close,
        };
      },
    },
  ],
  notApplicable: [{ name: 'cache-manager', reason: 'no tags in cache-manager 7' }],
};

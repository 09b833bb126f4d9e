import { createPcCache, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { connectRedis } from '../harness/redis-client.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { VariantRunner, Workload } from '../harness/workload.js';
import { blackhole, seededRandom } from '../harness/workload-helpers.js';
import { createDedupeCache } from '../peers/async-cache-dedupe.js';
import { type BentocacheLayers, createBentocache } from '../peers/bentocache.js';
import { createCacheManager } from '../peers/cache-manager.js';

const KEYS = 1_000;
/** Keys per tag: key i carries tag `group-${i % GROUPS}`. */
const GROUPS = 100;
/** Operations per timed iteration. */
const BATCH = 100;
const TTL_MILLISECONDS = 3_600_000;
const VALUES = Array.from({ length: KEYS }, (_, index) => createSampleValue(index));
const key = (index: number) => `item:${index}`;
const tagOf = (index: number) => `group-${index % GROUPS}`;
const keysOfGroup = (group: number) =>
  Array.from({ length: KEYS / GROUPS }, (_, member) => key(group + member * GROUPS));

/** What one operation does, drawn from the same seeded sequence for every variant. */
type Operation =
  | { kind: 'read'; index: number }
  | { kind: 'write'; index: number }
  | { kind: 'invalidate'; group: number };

/** The operation sequence: 90% reads, 9% writes, 1% invalidations of one tag (10 keys). */
function operations(): () => Operation {
  const random = seededRandom(9);
  return () => {
    const draw = random();
    if (draw < 0.9) return { kind: 'read', index: Math.floor(random() * KEYS) };
    if (draw < 0.99) return { kind: 'write', index: Math.floor(random() * KEYS) };
    return { kind: 'invalidate', group: Math.floor(random() * GROUPS) };
  };
}

/** The three things a variant does; reads load (instantly) and store on a miss. */
interface MixedClient {
  read(index: number): Promise<unknown>;
  write(index: number): Promise<unknown>;
  invalidate(group: number): Promise<unknown>;
}

async function mixedRunner(
  client: MixedClient,
  fill: () => Promise<void>,
  teardown: () => Promise<void> | void,
): Promise<VariantRunner> {
  await fill();
  const next = operations();
  return {
    operationsPerIteration: BATCH,
    async run() {
      for (let step = 0; step < BATCH; step += 1) {
        const operation = next();
        if (operation.kind === 'read') blackhole.value = await client.read(operation.index);
        else if (operation.kind === 'write') await client.write(operation.index);
        else await client.invalidate(operation.group);
      }
    },
    teardown,
  };
}

async function bentocacheVariant(
  context: Parameters<Workload['variants'][number]['setup']>[0],
  layers: BentocacheLayers,
): Promise<VariantRunner> {
  const { bento, close } = await createBentocache(context, layers);
  const options = (index: number) => ({
    key: key(index),
    ttl: TTL_MILLISECONDS,
    tags: [tagOf(index)],
  });
  return mixedRunner(
    {
      read: (index) => bento.getOrSet({ ...options(index), factory: () => VALUES[index] }),
      write: (index) => bento.set({ ...options(index), value: VALUES[index] }),
      invalidate: (group) => bento.deleteByTag({ tags: [`group-${group}`] }),
    },
    async () => {
      for (let index = 0; index < KEYS; index += 1)
        await bento.set({ ...options(index), value: VALUES[index] });
    },
    close,
  );
}

/** A read-mostly service: cache-aside reads, writes, and now and then a tag invalidation. */
export const mixed: Workload = {
  id: 'mixed',
  title: 'Mixed 90/10 read/write with invalidations',
  description:
    `${KEYS.toLocaleString('en-US')} keys in ${GROUPS} tags (10 keys each), all cached at the start. A seeded sequence, ` +
    'the same for every variant: 90% reads (on a miss: load instantly, store), 9% writes, 1% invalidations of ' +
    `one tag. ${BATCH} operations per timed iteration. Libraries without tags delete the tag's 10 keys.`,
  variants: [
    {
      name: 'raw ioredis GET/SET, DEL of the 10 keys',
      kind: 'baseline',
      async setup(context) {
        const client = await connectRedis(await context.redis());
        const write = (index: number) =>
          client.set(key(index), JSON.stringify(VALUES[index]), 'PX', TTL_MILLISECONDS);
        return mixedRunner(
          {
            async read(index) {
              const cached = await client.get(key(index));
              if (cached !== null) return JSON.parse(cached);
              await write(index);
              return VALUES[index];
            },
            write,
            invalidate: (group) => client.del(...keysOfGroup(group)),
          },
          async () => {
            for (let index = 0; index < KEYS; index += 1) await write(index);
          },
          () => client.disconnect(),
        );
      },
    },
    {
      name: 'pc get/set/invalidateTags (Redis adapter, cache-aside)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis');
        const write = (index: number) =>
          cache.set(key(index), VALUES[index], {
            ttlMilliseconds: TTL_MILLISECONDS,
            tags: [tagOf(index)],
          });
        return mixedRunner(
          {
            async read(index) {
              const cached = await cache.get(key(index));
              if (cached !== undefined) return cached;
              await write(index);
              return VALUES[index];
            },
            write,
            invalidate: (group) => cache.invalidateTags([`group-${group}`]),
          },
          async () => {
            for (let index = 0; index < KEYS; index += 1) await write(index);
          },
          close,
        );
      },
    },
    {
      name: 'pc getOrLoad/set/invalidateTags (burst L1 + Redis)',
      kind: 'pc',
      async setup(context) {
        const { cache, close } = await createPcCache(context, 'redis', PC_BURST_OPTIONS, [
          'getOrLoad',
        ]);
        const options = (index: number) => ({
          ttlMilliseconds: TTL_MILLISECONDS,
          tags: [tagOf(index)],
        });
        return mixedRunner(
          {
            read: (index) =>
              cache.getOrLoad!(key(index), async () => VALUES[index], options(index)),
            write: (index) => cache.set(key(index), VALUES[index], options(index)),
            invalidate: (group) => cache.invalidateTags([`group-${group}`]),
          },
          async () => {
            for (let index = 0; index < KEYS; index += 1) {
              await cache.set(key(index), VALUES[index], options(index));
            }
          },
          close,
        );
      },
    },
    {
      name: 'bentocache getOrSet/set/deleteByTag (L2 Redis only)',
      kind: 'peer',
      setup: (context) => bentocacheVariant(context, 'redis'),
    },
    {
      name: 'bentocache getOrSet/set/deleteByTag (L1 memory + L2 Redis)',
      kind: 'peer',
      setup: (context) => bentocacheVariant(context, 'memory+redis'),
    },
    {
      name: 'cache-manager wrap/set/mdel (keyv Redis)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createCacheManager(context, 'redis');
        return mixedRunner(
          {
            read: (index) => cache.wrap(key(index), () => VALUES[index], TTL_MILLISECONDS),
            write: (index) => cache.set(key(index), VALUES[index], TTL_MILLISECONDS),
            invalidate: (group) => cache.mdel(keysOfGroup(group)),
          },
          async () => {
            for (let index = 0; index < KEYS; index += 1) {
              await cache.set(key(index), VALUES[index], TTL_MILLISECONDS);
            }
          },
          close,
        );
      },
    },
    {
      name: 'async-cache-dedupe item/set/invalidateAll (Redis references)',
      kind: 'peer',
      async setup(context) {
        const { cache, close } = await createDedupeCache(context, 'redis', { invalidation: true });
        cache.define(
          'item',
          { references: (index: number) => [tagOf(index)] },
          async (index: number) => VALUES[index],
        );
        const item = cache.item as (index: number) => Promise<unknown>;
        const write = (index: number) =>
          cache.set('item', `item~${index}`, VALUES[index], TTL_MILLISECONDS / 1_000, [
            tagOf(index),
          ]);
        return mixedRunner(
          {
            read: (index) => item(index),
            write,
            invalidate: (group) => cache.invalidateAll([`group-${group}`]),
          },
          async () => {
            for (let index = 0; index < KEYS; index += 1) await write(index);
          },
          close,
        );
      },
    },
  ],
};

import { randomBytes } from 'node:crypto';
import {
  createBrotliCodec,
  createEncryptionCodec,
  createGzipCodec,
  type PayloadCodec,
} from '@pc/core';
import { createPcCache } from './pc-cache.js';
import { connectRedis } from './redis-client.js';
import { createSampleValue } from './sample-value.js';
import type { Variant, Workload } from './workload.js';
import { blackhole, expectHit, seededRandom } from './workload-helpers.js';

/** The codec lists the codec workloads compare. */
export const CODEC_CHAINS = {
  none: () => [],
  gzip: () => [createGzipCodec()],
  brotli: () => [createBrotliCodec()],
  'AES-256-GCM': () => [
    createEncryptionCodec({ keyring: { current: 'bench', keys: { bench: randomBytes(32) } } }),
  ],
} satisfies Record<string, () => PayloadCodec[]>;

export type CodecChainName = keyof typeof CODEC_CHAINS;

const WORDS =
  'storage tier latency cache region database batch write read invalidation quarter traffic gain shared process memory network server cluster replica shard index query plan cost budget owner editor report number value key tag version lease fill load miss hit'.split(
    ' ',
  );

/**
 * A JSON value of about `bytes` bytes: sample items whose texts are seeded random
 * words, so that compression meets varied text and not one item repeated.
 */
export function codecValue(bytes: number): unknown[] {
  const random = seededRandom(17);
  const words = (count: number) =>
    Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  const items: unknown[] = [];
  while (JSON.stringify(items).length < bytes) {
    const item = createSampleValue(items.length);
    Object.assign(item, { title: words(8), summary: words(25), body: words(45) });
    items.push(item);
  }
  return items;
}

/** Where the Redis adapter stores the root key `key` of the bench's caches. */
const redisKeyOf = (key: string): string => `pc:bench:e:${key}`;

/**
 * pc on Redis with the codecs `chain`, L1 off: `read` variants time `cache.get` of
 * one stored value, `write` variants time `cache.set` of it. Counters: the bytes
 * Redis holds for the entry (`STRLEN`) and the value's JSON size.
 */
export function codecVariant(
  chain: CodecChainName,
  operation: 'read' | 'write',
  value: unknown,
  key: string,
): Variant {
  return {
    name: `pc cache.${operation === 'read' ? 'get' : 'set'}, codecs: ${chain}`,
    kind: 'pc',
    async setup(context) {
      const { cache, close } = await createPcCache(context, 'redis', {
        burst: false,
        codecs: CODEC_CHAINS[chain](),
      });
      const storedKey = `${key}:${chain}:${operation}`;
      await cache.set(storedKey, value);
      const raw = await connectRedis(await context.redis());
      const storedBytes = await raw.strlen(redisKeyOf(storedKey));
      await raw.quit();
      if (storedBytes === 0) throw new Error(`pc ${chain}: nothing stored at ${storedKey}`);
      const counters = () => ({ storedBytes, jsonBytes: JSON.stringify(value).length });
      if (operation === 'write') {
        return {
          run: () => cache.set(storedKey, value).then(() => undefined),
          counters,
          teardown: close,
        };
      }
      return {
        async run() {
          blackhole.value = expectHit(await cache.get(storedKey), `pc ${chain}`, storedKey);
        },
        counters,
        teardown: close,
      };
    },
  };
}

/** The baseline of the codec workloads: raw ioredis GET + JSON.parse of the same value. */
export function rawRedisReadVariant(value: unknown, key: string): Variant {
  return {
    name: 'raw ioredis GET + JSON.parse',
    kind: 'baseline',
    async setup(context) {
      const client = await connectRedis(await context.redis());
      const json = JSON.stringify(value);
      await client.set(key, json);
      return {
        async run() {
          blackhole.value = JSON.parse(expectHit(await client.get(key), 'raw ioredis', key));
        },
        counters: () => ({ storedBytes: json.length, jsonBytes: json.length }),
        teardown: () => client.disconnect(),
      };
    },
  };
}

/** What distinguishes one codec workload from another. */
export interface CodecWorkloadSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Approximate size of the JSON value read and written, in bytes. */
  readonly valueBytes: number;
  /** The codec lists compared, each read and written. */
  readonly chains: readonly CodecChainName[];
}

/**
 * A codec workload: the raw GET + parse baseline, then pc reads and pc writes of
 * the same value with each codec list.
 */
export function codecWorkload(spec: CodecWorkloadSpec): Workload {
  const value = codecValue(spec.valueBytes);
  const operations = ['read', 'write'] as const;
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    variants: [
      rawRedisReadVariant(value, `${spec.id}:raw`),
      ...operations.flatMap((operation) =>
        spec.chains.map((chain) => codecVariant(chain, operation, value, spec.id)),
      ),
    ],
  };
}

import { randomUUID } from 'node:crypto';
import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  type CacheAdapter,
  ClosedError,
  type CompareAndSetItem,
  checkOptionNames,
  InvalidKeyError,
  InvalidOptionsError,
  serverExpiry,
  ValueTooLargeError,
  validateEntry,
} from '@pc/core';
import type { ChainableCommander, Cluster, Redis, RedisKey } from 'ioredis';
import {
  type CompareAndSetCall,
  defineCompareAndSet,
  queueCompareAndSet,
  sendCompareAndSet,
} from './compare-and-set-script.js';
import { decodeEntries, decodeEntryNow, encodeEntry, encodePayloadForm } from './entry-codec.js';
import { buildKeyPrefix, escapeGlob } from './key-prefix.js';
import { openRedisConnection, resolveConnectionSettings } from './open-redis-connection.js';
import { REDIS_ADAPTER_DEFAULTS, type RedisAdapterOptions } from './redis-adapter-options.js';
import type { RedisConnection } from './redis-connection.js';
import { CONNECTION_OPTION_NAMES } from './redis-connection-options.js';
import { slotBatchesByNode } from './slot-batches.js';
import { stagedKey } from './staged-key.js';
import { decodeWtf8, encodeWtf8, isWellFormed } from './wtf8.js';

/** The longest TTL sent to Redis (100 years); longer expiries live in the header only. */
const MAX_SERVER_TTL_MILLISECONDS = 100 * 365.25 * 86_400_000;
/** Redis refuses strings above 512 MiB (`proto-max-bulk-len`); the header needs a few bytes. */
const REDIS_MAX_VALUE_BYTES = 512 * 1024 * 1024 - 64;
const SCAN_COUNT = 1000;
/**
 * Encoded values from this many UTF-16 code units on are staged with a SET and
 * moved by the compare-and-set script rather than passed to it: Redis' Lua hashes
 * every byte of a string argument, blocking the server (measured on Redis 7.0:
 * ~47 us of server time per call at 8 KiB, ~1.9 ms at 256 KiB, ~250 ms at 16 MiB),
 * while the staged SET and the RENAME stay at ~15-40 us up to 64 KiB. The two
 * cross between 4 and 8 KiB.
 */
const STAGED_VALUE_MIN_LENGTH = 8 * 1024;
const ADAPTER_OPTION_NAMES = [
  ...CONNECTION_OPTION_NAMES,
  'namespace',
  'keyPrefix',
  'maxValueBytes',
];

/** A write after validation: `value` is absent when the entry is already expired. */
interface PreparedWrite {
  readonly redisKey: RedisKey;
  readonly value: string | undefined;
  readonly ttlMilliseconds: number | undefined;
}

type PipelineResult = Array<[error: Error | null, result: unknown]> | null;

/** The pc adapter for Redis and Redis Cluster, as returned by `createRedisAdapter`. */
export interface RedisAdapter extends CacheAdapter {
  readonly name: 'redis';
  compareAndSet(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]>;
  keys(): AsyncIterable<string>;
}

/**
 * Creates a cache adapter on Redis or Redis Cluster (ioredis). One adapter serves
 * one namespace; its keys are `<keyPrefix>:<namespace>:<key>`. Tags use the
 * Cache's tag-version strategy (`capabilities.nativeTags` is `false`), which
 * fails closed when Redis evicts tag metadata. `compareAndSet` is one Lua script
 * per key, atomic on the server against every client (`capabilities.compareAndSet`).
 *
 * @throws `InvalidOptionsError` when an option is missing or out of range.
 */
export function createRedisAdapter(options: RedisAdapterOptions): RedisAdapter {
  return new RedisCacheAdapter(options);
}

class RedisCacheAdapter implements RedisAdapter {
  readonly contractVersion = ADAPTER_CONTRACT_VERSION;
  readonly name = 'redis' as const;
  readonly namespace: string;
  readonly capabilities: AdapterCapabilities;
  readonly #connection: RedisConnection;
  readonly #prefix: string;
  readonly #maxValueBytes: number;
  /** Makes staged keys unique across instances and calls. */
  readonly #stagingId = randomUUID();
  #stagedCount = 0;
  #disposed = false;

  constructor(options: RedisAdapterOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionsError('[pc:redis] createRedisAdapter needs an options object');
    }
    checkOptionNames('redis', options, ADAPTER_OPTION_NAMES);
    const settings = resolveConnectionSettings(options);
    this.#prefix = buildKeyPrefix(
      options.keyPrefix ?? REDIS_ADAPTER_DEFAULTS.keyPrefix,
      options.namespace,
    );
    const maxValueBytes = options.maxValueBytes ?? REDIS_ADAPTER_DEFAULTS.maxValueBytes;
    if (
      !Number.isSafeInteger(maxValueBytes) ||
      maxValueBytes < 1 ||
      maxValueBytes > REDIS_MAX_VALUE_BYTES
    ) {
      throw new InvalidOptionsError(
        `[pc:redis] "maxValueBytes" must be an integer from 1 to ${REDIS_MAX_VALUE_BYTES}, got ${String(maxValueBytes)}`,
      );
    }
    this.#maxValueBytes = maxValueBytes;
    this.namespace = options.namespace;
    this.capabilities = Object.freeze({
      ttlPrecisionMilliseconds: 1,
      maxKeyBytes: Number.POSITIVE_INFINITY,
      maxValueBytes,
      nativeTags: false,
      prune: false,
      enumerateKeys: true,
      persistent: true,
      sharedAcrossInstances: true,
      evicts: true,
      compareAndSet: true,
    });
    // Last, so invalid options never leave a connection behind.
    this.#connection = openRedisConnection(options, settings);
    defineCompareAndSet(this.#connection.client);
  }

  /** Not `async`, and one reply handler made once: a hit is the hot path of every read. */
  get(key: string): Promise<AdapterEntry | undefined> {
    let redisKey: RedisKey;
    try {
      this.#assertOpen();
      redisKey = this.#redisKey(key);
    } catch (error) {
      return Promise.reject(error);
    }
    const connection = this.#connection;
    const sent = connection.sendReadCommand('get', 'get', [redisKey]);
    if (sent !== undefined) return sent.then(this.#onGetReply, this.#onGetFailure);
    const client = connection.client;
    return connection.run('get', () => client.get(redisKey), missOnWrongType).then(decodeEntryNow);
  }

  readonly #onGetReply = (raw: unknown): AdapterEntry | undefined => {
    this.#connection.settled();
    return decodeEntryNow(raw as string | null);
  };

  readonly #onGetFailure = (error: unknown): undefined => {
    this.#connection.settled();
    try {
      missOnWrongType(error);
    } catch (failure) {
      throw this.#connection.failure('get', failure);
    }
    return undefined;
  };

  readonly #onGetManyReply = (reply: unknown): Array<AdapterEntry | undefined> => {
    this.#connection.settled();
    return decodeEntries(reply as Array<string | null>);
  };

  readonly #onGetManyFailure = (error: unknown): never => {
    this.#connection.settled();
    throw this.#connection.failure('getMany', error);
  };

  /** Not `async` on a single node: one reply handler made once, as `get`. */
  getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
    let redisKeys: RedisKey[];
    try {
      this.#assertOpen();
      redisKeys = this.#redisKeys(keys);
    } catch (error) {
      return Promise.reject(error);
    }
    if (redisKeys.length === 0) return Promise.resolve([]);
    const connection = this.#connection;
    if (connection.isCluster) return this.#getManyFromCluster(redisKeys);
    const sent = connection.sendReadCommand('getMany', 'mget', redisKeys);
    if (sent !== undefined) return sent.then(this.#onGetManyReply, this.#onGetManyFailure);
    return connection.run('getMany', () => connection.client.mget(redisKeys)).then(decodeEntries);
  }

  async #getManyFromCluster(redisKeys: RedisKey[]): Promise<Array<AdapterEntry | undefined>> {
    const connection = this.#connection;
    const cluster = connection.client as Cluster;
    const raws = new Array<string | null>(redisKeys.length);
    await connection.run('getMany', () =>
      Promise.all(
        slotBatchesByNode(cluster, redisKeys).map(async (batches) => {
          const pipeline = cluster.pipeline();
          for (const batch of batches) pipeline.mget(batch.keys);
          const results = checkPipeline(await pipeline.exec());
          batches.forEach((batch, position) => {
            const values = results[position] as Array<string | null>;
            batch.indices.forEach((index, offset) => {
              raws[index] = values[offset] ?? null;
            });
          });
        }),
      ),
    );
    return decodeEntries(raws);
  }

  async set(key: string, entry: AdapterEntry): Promise<boolean> {
    this.#assertOpen();
    const write = this.#prepare(key, entry, Date.now());
    const client = this.#connection.client;
    if (write.value === undefined) {
      await this.#connection.run('set', () => client.unlink(write.redisKey));
      return false;
    }
    const value = write.value;
    await this.#connection.run('set', () =>
      write.ttlMilliseconds === undefined
        ? client.set(write.redisKey, value)
        : client.set(write.redisKey, value, 'PX', write.ttlMilliseconds),
    );
    return true;
  }

  async setMany(
    entries: ReadonlyArray<readonly [key: string, entry: AdapterEntry]>,
  ): Promise<boolean[]> {
    this.#assertOpen();
    if (!Array.isArray(entries)) {
      throw new InvalidOptionsError('[pc:redis] setMany expects an array of [key, entry] pairs');
    }
    const now = Date.now();
    const writes = entries.map((item) => {
      if (!Array.isArray(item)) {
        throw new InvalidOptionsError('[pc:redis] setMany expects an array of [key, entry] pairs');
      }
      return this.#prepare(item[0], item[1], now);
    });
    if (writes.length === 0) return [];
    const connection = this.#connection;
    if (!connection.isCluster) {
      await connection.run('setMany', async () => {
        const pipeline = connection.client.pipeline();
        for (const write of writes) queueWrite(pipeline, write);
        checkPipeline(await pipeline.exec());
      });
    } else {
      const cluster = connection.client as Cluster;
      const keys = writes.map((write) => write.redisKey);
      await connection.run('setMany', () =>
        Promise.all(
          slotBatchesByNode(cluster, keys).map(async (batches) => {
            const pipeline = cluster.pipeline();
            // Within a batch, indices keep input order: the last write of a key wins.
            for (const batch of batches) {
              for (const index of batch.indices) queueWrite(pipeline, writes[index]!);
            }
            checkPipeline(await pipeline.exec());
          }),
        ),
      );
    }
    return writes.map((write) => write.value !== undefined);
  }

  /**
   * Conditional writes, one Lua script per item (see compare-and-set-script.ts):
   * each is atomic on the server against every client, eviction and expiry.
   * Large values are staged by a SET just before their script, in the same
   * pipeline and slot. Batches go as one pipeline (per master on a cluster); a
   * key given twice stays in one pipeline in input order, so its items apply in
   * that order.
   */
  async compareAndSet(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]> {
    this.#assertOpen();
    const shape = '[pc:redis] compareAndSet expects an array of [key, expected, entry] items';
    if (!Array.isArray(items)) throw new InvalidOptionsError(shape);
    const now = Date.now();
    const nowText = String(now);
    // Everything is validated before anything is sent.
    const calls = items.map((item): CompareAndSetCall => {
      if (!Array.isArray(item as unknown)) throw new InvalidOptionsError(shape);
      const [key, expected, entry] = item;
      const write = this.#prepare(key, entry, now);
      if (expected !== undefined && typeof expected !== 'string') {
        throw new InvalidOptionsError(
          `[pc:redis] the expected payload of key ${JSON.stringify(key)} must be a string or undefined`,
        );
      }
      const form = expected === undefined ? undefined : encodePayloadForm(expected);
      const staged =
        write.value !== undefined && write.value.length >= STAGED_VALUE_MIN_LENGTH
          ? this.#stagedKey(key)
          : undefined;
      return {
        redisKey: write.redisKey,
        stagedKey: staged,
        value: write.value,
        argv: [
          nowText,
          form?.format ?? '',
          form?.body ?? '',
          staged === undefined ? (write.value ?? '') : '',
          write.ttlMilliseconds === undefined ? '' : String(write.ttlMilliseconds),
        ],
      };
    });
    if (calls.length === 0) return [];
    const connection = this.#connection;
    if (calls.length === 1 && calls[0]!.stagedKey === undefined) {
      const stored = await connection.run('compareAndSet', () =>
        sendCompareAndSet(connection.client, calls[0]!),
      );
      return [stored];
    }
    if (!connection.isCluster) {
      return connection.run('compareAndSet', async () => {
        const pipeline = connection.client.pipeline();
        const order = calls.map((_, index) => index);
        const replies = queueCompareAndSets(pipeline, calls, order);
        return scriptResults(checkPipeline(await pipeline.exec()), replies, calls.length);
      });
    }
    const cluster = connection.client as Cluster;
    const stored = new Array<boolean>(calls.length);
    await connection.run('compareAndSet', () =>
      Promise.all(
        slotBatchesByNode(
          cluster,
          calls.map((call) => call.redisKey),
        ).map(async (batches) => {
          const pipeline = cluster.pipeline();
          const order = batches.flatMap((batch) => batch.indices);
          const replies = queueCompareAndSets(pipeline, calls, order);
          const results = scriptResults(
            checkPipeline(await pipeline.exec()),
            replies,
            order.length,
          );
          order.forEach((index, position) => {
            stored[index] = results[position]!;
          });
        }),
      ),
    );
    return stored;
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    const redisKey = this.#redisKey(key);
    const removed = await this.#connection.run('delete', () =>
      this.#connection.client.unlink(redisKey),
    );
    return removed > 0;
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    const redisKeys = this.#redisKeys(keys);
    if (redisKeys.length === 0) return 0;
    const connection = this.#connection;
    if (!connection.isCluster) {
      return connection.run('deleteMany', () => connection.client.unlink(redisKeys));
    }
    const cluster = connection.client as Cluster;
    const counts = await connection.run('deleteMany', () =>
      Promise.all(
        slotBatchesByNode(cluster, redisKeys).map(async (batches) => {
          const pipeline = cluster.pipeline();
          for (const batch of batches) pipeline.unlink(batch.keys);
          return sumCounts(checkPipeline(await pipeline.exec()));
        }),
      ),
    );
    return counts.reduce((total, count) => total + count, 0);
  }

  async clear(): Promise<void> {
    this.#assertOpen();
    const pattern = escapeGlob(this.#prefix) + '*';
    const nodes = await this.#masters('clear');
    await Promise.all(
      nodes.map(async (node) => {
        let cursor = '0';
        do {
          // Buffers, not strings: a key holding encoded lone surrogates must be
          // deleted by its exact bytes.
          const [next, found] = await this.#connection.run('clear', () =>
            node.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT),
          );
          if (found.length > 0) {
            await this.#connection.run('clear', () => this.#unlinkOnNode(node, found));
          }
          cursor = next.toString();
        } while (cursor !== '0');
      }),
    );
  }

  /**
   * Lists the keys of this namespace with `SCAN` on every master, as given to
   * `set`. Keeps the keys seen so far in memory to drop the duplicates `SCAN` may
   * return; meant for maintenance, not for hot paths.
   */
  async *keys(): AsyncIterable<string> {
    this.#assertOpen();
    const pattern = escapeGlob(this.#prefix) + '*';
    const seen = new Set<string>();
    for (const node of await this.#masters('keys')) {
      let cursor = '0';
      do {
        const [next, found] = await this.#connection.run('keys', () =>
          node.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT),
        );
        for (const redisKey of found) {
          // The prefix is ASCII: as many bytes as characters.
          const key = decodeWtf8(redisKey.subarray(this.#prefix.length));
          if (seen.has(key)) continue;
          seen.add(key);
          yield key;
        }
        cursor = next.toString();
      } while (cursor !== '0');
    }
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#connection.close();
  }

  #assertOpen(): void {
    if (this.#disposed) {
      throw new ClosedError(
        `[pc:redis] the adapter of namespace "${this.namespace}" was disposed; create a new one`,
      );
    }
  }

  #redisKey(key: string): RedisKey {
    if (typeof key !== 'string' || key.length === 0) {
      throw new InvalidKeyError(
        `[pc:redis] keys must be non-empty strings, got ${key === '' ? 'an empty string' : typeof key}`,
      );
    }
    const redisKey = this.#prefix + key;
    // ioredis would send a lone surrogate as U+FFFD; WTF-8 bytes keep the key distinct.
    return isWellFormed(redisKey) ? redisKey : encodeWtf8(redisKey);
  }

  #redisKeys(keys: readonly string[]): RedisKey[] {
    if (!Array.isArray(keys)) {
      throw new InvalidKeyError('[pc:redis] expected an array of keys');
    }
    const redisKeys = new Array<RedisKey>(keys.length);
    for (let index = 0; index < keys.length; index++)
      redisKeys[index] = this.#redisKey(keys[index]!);
    return redisKeys;
  }

  /** A fresh staged key in `key`'s slot, or `undefined` when none exists (see stagedKey). */
  #stagedKey(key: string): RedisKey | undefined {
    this.#stagedCount += 1;
    const staged = stagedKey(
      this.#prefix,
      this.#prefix + key,
      `:staged:${this.#stagingId}:${this.#stagedCount}`,
    );
    if (staged === undefined) return undefined;
    return isWellFormed(staged) ? staged : encodeWtf8(staged);
  }

  #prepare(key: string, entry: AdapterEntry, now: number): PreparedWrite {
    const redisKey = this.#redisKey(key);
    const expiresAt = validateEntry('redis', key, entry);
    const { payload } = entry;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit: skip the count for small payloads.
    if (payload.length * 3 > this.#maxValueBytes) {
      const bytes = Buffer.byteLength(payload, 'utf8');
      if (bytes > this.#maxValueBytes) {
        throw new ValueTooLargeError(
          `[pc:redis] the payload of key ${JSON.stringify(key.slice(0, 100))} is ${bytes} bytes, ` +
            `over the limit of ${this.#maxValueBytes}; set "maxValueBytes" to store larger values`,
        );
      }
    }
    const expiry = serverExpiry(expiresAt, now, { maxMilliseconds: MAX_SERVER_TTL_MILLISECONDS });
    if (expiry.kind === 'expired')
      return { redisKey, value: undefined, ttlMilliseconds: undefined };
    // Beyond a century (and anyway beyond PX's 64-bit integer) the server keeps no
    // TTL; reads check the expiry in the value's header.
    return {
      redisKey,
      value: encodeEntry(payload, expiresAt),
      ttlMilliseconds: expiry.kind === 'ttl' ? expiry.milliseconds : undefined,
    };
  }

  /** The nodes holding keys: the client itself, or every master of a cluster. */
  #masters(operation: string): Promise<Redis[]> {
    const connection = this.#connection;
    return connection.run(operation, async () =>
      connection.isCluster
        ? (connection.client as Cluster).nodes('master')
        : [connection.client as Redis],
    );
  }

  async #unlinkOnNode(node: Redis, redisKeys: Buffer[]): Promise<void> {
    if (!this.#connection.isCluster) {
      await node.unlink(redisKeys);
      return;
    }
    // Keys found on one node still span many slots: one UNLINK per slot.
    const bySlot = slotBatchesByNode(this.#connection.client as Cluster, redisKeys).flat();
    const pipeline = node.pipeline();
    for (const batch of bySlot) pipeline.unlink(batch.keys);
    checkPipeline(await pipeline.exec());
  }
}

/**
 * Queues the items `order` names, in that order.
 * @returns per queued item, how many replies it adds to the pipeline.
 */
function queueCompareAndSets(
  pipeline: ChainableCommander,
  calls: readonly CompareAndSetCall[],
  order: readonly number[],
): number[] {
  return order.map((index) => queueCompareAndSet(pipeline, calls[index]!));
}

/** The script's verdict per queued item: its last reply is 1 when the value was stored. */
function scriptResults(replies: unknown[], counts: readonly number[], length: number): boolean[] {
  const results = new Array<boolean>(length);
  let position = -1;
  for (let item = 0; item < length; item++) {
    position += counts[item]!;
    results[item] = replies[position] === 1;
  }
  return results;
}

function queueWrite(pipeline: ChainableCommander, write: PreparedWrite): void {
  if (write.value === undefined) pipeline.unlink(write.redisKey);
  else if (write.ttlMilliseconds === undefined) pipeline.set(write.redisKey, write.value);
  else pipeline.set(write.redisKey, write.value, 'PX', write.ttlMilliseconds);
}

/** Throws the first command error of a pipeline; returns the replies otherwise. */
function checkPipeline(results: PipelineResult): unknown[] {
  if (results === null) throw new Error('pipeline was aborted');
  return results.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}

function sumCounts(replies: unknown[]): number {
  let total = 0;
  for (const reply of replies) total += Number(reply);
  return total;
}

function missOnWrongType(error: unknown): null {
  // A non-string value under a pc key was not written by pc: unreadable, so a miss.
  if (error instanceof Error && error.message.startsWith('WRONGTYPE')) return null;
  throw error;
}

import { connect } from 'node:net';
import type { AdapterFactory, CacheAdapter } from '@pc/core';
import {
  codecTestConfigurations,
  describeLostRecordScenarios,
  type LostRecordAdapters,
} from '@pc/core/testing';
import {
  type MemcachedPoolHandle,
  type MemcachedServerHandle,
  startMemcached,
  startMemcachedPool,
  testServices,
} from '@pc/test-services';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createMemcachedAdapter, type MemcachedAdapterOptions } from '../src/index.js';
import { decodeEntry } from '../src/memcached-entry-codec.js';
import { escapedKey, metaGet, rawClient } from './helpers.js';

/*
 * Issue 12, defects 1 and 6, on memcached (one server and a pool of three): a
 * load that raced an invalidation must never come back once the backend loses
 * records (slab LRU eviction, pool members restarting), and a value loaded
 * without a TTL has no expiry in memcached at all (exptime 0). The scenarios are
 * @pc/core/testing's; this file makes memcached lose records and reads its TTLs.
 * Each scenario runs without codecs and with values compressed and encrypted.
 *
 * The adapter stores key K as `pc:<adapter namespace>:=K` (see `escapedKey`), and
 * its generation records as `pc:<adapter namespace>:!g<n>`.
 */

const { memcached, memcachedPool } = testServices();

/** Room for restarts and floods on a busy machine. */
const SLOW_TEST_TIMEOUT = 90_000;

/** Retries `operation` every 25 ms until it resolves, failing after `milliseconds`. */
async function eventually<T>(operation: () => Promise<T>, milliseconds = 30_000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Adapters ("processes") on the servers that `servers` names when the test runs. */
function processesOn(
  options: () => Omit<MemcachedAdapterOptions, 'namespace'>,
): () => AdapterFactory<CacheAdapter> {
  return () => {
    const resolved = options();
    return ({ namespace }) =>
      createMemcachedAdapter({ namespace, retryDelayMilliseconds: 50, ...resolved });
  };
}

/** Sends `text` to the memcached at `location` on a fresh connection; resolves with the reply. */
function command(location: string, text: string, complete: (reply: string) => boolean) {
  const [host, port] = location.split(':');
  return new Promise<string>((resolve, reject) => {
    let reply = '';
    const socket = connect({ host: host!, port: Number(port) });
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no reply from ${location}`)));
    socket.once('connect', () => socket.write(text));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (!complete(reply)) return;
      socket.destroy();
      resolve(reply);
    });
    socket.once('error', reject);
  });
}

/**
 * Keys a server holds, from `lru_crawler metadump all` (which bumps nothing). The
 * crawler can miss an item that moves between LRU segments while it walks, so
 * the union of a few dumps is taken.
 */
async function storedKeys(location: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let dump = 0; dump < 3; dump++) {
    const reply = await command(location, 'lru_crawler metadump all\r\n', (text) =>
      text.endsWith('END\r\n'),
    );
    for (const match of reply.matchAll(/^key=(\S+)/gm)) keys.add(decodeURIComponent(match[1]!));
  }
  return keys;
}

/** `evictions` from `stats`. */
async function evictions(location: string): Promise<number> {
  const reply = await command(location, 'stats\r\n', (text) => text.endsWith('END\r\n'));
  return Number(/^STAT evictions (\d+)/m.exec(reply)?.[1]);
}

/** Stores items with `set ... noreply`, pipelined; resolves once the server has read them all. */
async function setQuietly(location: string, items: ReadonlyArray<readonly [string, string]>) {
  const sets = items.map(
    ([key, value]) => `set ${key} 0 0 ${value.length} noreply\r\n${value}\r\n`,
  );
  // `mn` (meta no-op) answers `MN` after every command sent before it.
  await command(location, `${sets.join('')}mn\r\n`, (reply) => reply.includes('MN\r\n'));
}

describe('slab LRU eviction', () => {
  let server: MemcachedServerHandle;
  beforeAll(async () => {
    // memcached's smallest memory limit (1 MB) needs items of at most half of it.
    // No automove: slab pages stay with their class, so only the flooded classes
    // lose items.
    server = await startMemcached({
      memoryMegabytes: 1,
      args: ['-I', '512k', '-o', 'slab_automove=0'],
    });
  });
  afterAll(() => server?.stop());

  for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
    describeLostRecordScenarios({
      name: transforms === 'none' ? 'memcached (1 MB)' : `memcached (1 MB) with ${name}`,
      cacheOptions: { codecs },
      backend: processesOn(() => ({ servers: server.location, itemSizeBytes: 512 * 1024 })),
      loss: 'slab LRU eviction',
      loseRecords: async ({ namespace, adapters, keep }) => {
        // Reading the kept records through an adapter (which also reads the
        // generation record) between flood batches keeps them in the LRU.
        const touch = () => adapters.a.getMany(keep);
        await touch();
        const prefix = `pc:${namespace}:`;
        const generationRecords = (
          await Promise.all(
            Array.from({ length: 4 }, (_, index) => `${prefix}!g${index}`).map(async (stored) =>
              (await metaGet(server.location, stored)) === undefined ? [] : [stored],
            ),
          )
        ).flat();
        expect(generationRecords.length).toBeGreaterThan(0);
        const keptStored = keep.map((adapterKey) => escapedKey(namespace, adapterKey));
        const doomed = [...(await storedKeys(server.location))].filter(
          (stored) =>
            stored.startsWith(prefix) &&
            !keptStored.includes(stored) &&
            !generationRecords.includes(stored),
        );
        // Filler items exactly as large as each doomed record (same key and value
        // lengths), so they land in its slab class; with nothing doomed, as large as
        // the generation record (a class that has memory).
        const shapes = await Promise.all(
          (doomed.length > 0 ? doomed : generationRecords).map(async (stored) => ({
            keyLength: stored.length,
            valueLength: Number((await metaGet(server.location, stored, ['u', 's']))?.s),
          })),
        );
        const evictionsBefore = await evictions(server.location);
        const deadline = Date.now() + 60_000;
        let written = 0;
        for (;;) {
          await setQuietly(
            server.location,
            Array.from({ length: 200 }, (_, index) => {
              const shape = shapes[(written + index) % shapes.length]!;
              const filler = `f${written + index}-`.padEnd(shape.keyLength, 'f');
              return [filler, 'x'.repeat(shape.valueLength)] as const;
            }),
          );
          written += 200;
          await touch();
          const remaining = (
            await Promise.all(doomed.map((stored) => metaGet(server.location, stored)))
          ).filter((found) => found !== undefined).length;
          const evicted = (await evictions(server.location)) - evictionsBefore;
          if (remaining === 0 && evicted >= 200) break;
          if (Date.now() > deadline) {
            throw new Error(
              `the flood did not evict ${remaining} of ${doomed.join(', ')} (${evicted} evictions)`,
            );
          }
        }
      },
      testTimeoutMilliseconds: SLOW_TEST_TIMEOUT,
    });
  }
});

describe('pool members restarting', () => {
  let pool: MemcachedPoolHandle;
  beforeAll(async () => {
    pool = await startMemcachedPool({ size: 3 });
  });
  afterAll(() => pool?.stop());

  const backend = processesOn(() => ({ servers: pool.locations }));

  /** A key of the namespace that the ring places on each server, by location. */
  function keyPerServer(namespace: string): Map<string, string> {
    const ring = rawClient(pool.locations);
    try {
      const keys = new Map<string, string>();
      for (let index = 0; keys.size < pool.locations.length; index++) {
        if (index > 10_000) throw new Error('some server gets no key');
        const candidate = `probe-${index}`;
        const server = ring.serverFor(escapedKey(namespace, candidate));
        if (!keys.has(server)) keys.set(server, candidate);
      }
      return keys;
    } finally {
      ring.end();
    }
  }

  /** Restarts `server` and waits until every adapter reaches every server again. */
  async function restart(
    namespace: string,
    adapters: LostRecordAdapters,
    server: MemcachedServerHandle,
  ): Promise<void> {
    const probes = keyPerServer(namespace);
    const marker = probes.get(server.location)!;
    await adapters.b.set(marker, { payload: 'before the restart' });
    await server.restart();
    for (const adapter of Object.values(adapters)) {
      await eventually(() => adapter.getMany([...probes.values()]));
    }
    // The loss happened: the restarted server is empty.
    expect(await adapters.b.get(marker)).toBeUndefined();
  }

  for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
    describeLostRecordScenarios({
      name:
        transforms === 'none'
          ? 'memcached (pool of three, every member)'
          : `memcached (pool of three, every member) with ${name}`,
      cacheOptions: { codecs },
      backend,
      loss: 'every member restarts while the racing load runs',
      lossTiming: 'while-loading',
      namespaces: false,
      loseRecords: async ({ namespace, adapters }) => {
        for (const server of pool.servers) await restart(namespace, adapters, server);
      },
      testTimeoutMilliseconds: SLOW_TEST_TIMEOUT,
    });
  }

  for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
    describeLostRecordScenarios({
      name:
        transforms === 'none'
          ? 'memcached (pool of three, all members but one)'
          : `memcached (pool of three, all members but one) with ${name}`,
      cacheOptions: { codecs },
      backend,
      loss: 'the load, when every member but the one holding the entries restarts',
      namespaces: false,
      // Keys whose entries share one member; the Cache's other records for them
      // may live on any member, and those on the others are lost.
      keys: ({ namespace, entryKeyOf }) => {
        const ring = rawClient(pool.locations);
        try {
          const holderOf = (key: string) => ring.serverFor(escapedKey(namespace, entryKeyOf(key)));
          const candidates = Array.from({ length: 200 }, (_, index) => `item-${index}`);
          const keeper = holderOf(candidates[0]!);
          const keys = candidates.filter((key) => holderOf(key) === keeper).slice(0, 6);
          expect(keys).toHaveLength(6);
          return keys;
        } finally {
          ring.end();
        }
      },
      loseRecords: async ({ namespace, adapters, keep }) => {
        const ring = rawClient(pool.locations);
        let keeper: string;
        try {
          keeper = ring.serverFor(escapedKey(namespace, keep[0]!));
        } finally {
          ring.end();
        }
        for (const server of pool.servers.filter((each) => each.location !== keeper)) {
          await restart(namespace, adapters, server);
        }
      },
      testTimeoutMilliseconds: SLOW_TEST_TIMEOUT,
    });
  }
});

describe('no expiry in memcached', () => {
  for (const { setup, locations } of [
    { setup: 'one server', locations: () => [memcached.location] },
    { setup: 'a pool of three', locations: () => [...memcachedPool.locations] },
  ]) {
    for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
      describeLostRecordScenarios({
        name: transforms === 'none' ? `memcached (${setup})` : `memcached (${setup}) with ${name}`,
        cacheOptions: { codecs },
        backend: processesOn(() => ({ servers: locations() })),
        expectNoExpiry: async ({ namespace, entries }) => {
          const raw = rawClient(locations());
          try {
            for (const [adapterKey, value] of entries) {
              const key = escapedKey(namespace, adapterKey);
              // `t`: remaining TTL in seconds, -1 for an item stored with exptime 0.
              const item = await metaGet(raw.serverFor(key), key, ['u', 't']);
              expect(item, `item ${key}`).toBeDefined();
              expect(item!.t, `TTL of ${key}`).toBe('-1');
              // The adapter also checks an expiry in the value's header on every read.
              const entry = decodeEntry(await raw.get(key))?.entry;
              expect(entry?.expiresAt, `expiresAt in the value of ${key}`).toBeUndefined();
              // Encrypted, a payload holds no value in clear text.
              if (transforms === 'none') expect(entry?.payload).toContain(value);
              else expect(entry?.payload).not.toContain(value);
            }
          } finally {
            raw.end();
          }
        },
      });
    }
  }
});

import { type Cache, createCache } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { PATIENT, uniqueName } from './helpers.js';

const { redis } = testServices();

interface Row {
  readonly id: string;
  readonly version: number;
}

const IDS = Array.from({ length: 20 }, (_, index) => `item-${index}`);
/** Updated and invalidated just before the outage: must never be served from grace. */
const INVALIDATED = IDS.slice(0, 5);
const KEPT = IDS.slice(5);
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * The source of truth readers load from. `down` makes every query fail, as a
 * database that stopped answering.
 */
class Database {
  readonly rows = new Map<string, number>(IDS.map((id) => [id, 1]));
  down = false;
  queries = 0;

  async load(id: string): Promise<Row> {
    this.queries++;
    await sleep(2);
    if (this.down) throw new Error('database unavailable');
    return { id, version: this.rows.get(id)! };
  }
}

const READ = {
  ttlMilliseconds: 300,
  graceMilliseconds: 60_000,
  graceBackoffMilliseconds: 250,
  softTimeoutMilliseconds: 20,
} as const;

/**
 * Fault test on a real Redis (docs/design.md: invalidation is complete): the
 * database goes down for several seconds while two processes keep reading.
 * Every read of an entry in grace succeeds; no value an invalidation ended is
 * served; the cache serves current data again once the database is back.
 */
describe('grace through a database outage, two processes on Redis with the bus', () => {
  const caches: Cache[] = [];
  const disposers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cache of caches) await cache.dispose();
    for (const dispose of disposers) await dispose();
  });

  async function process(namespace: string, channel: string): Promise<Cache> {
    const adapter = createRedisAdapter({ namespace, url: redis.url, ...PATIENT });
    const bus = createRedisBus({ url: redis.url, channel, ...PATIENT });
    disposers.push(
      () => bus.dispose(),
      () => adapter.dispose(),
    );
    const cache = createCache({ adapter, bus, burst: { ttlMilliseconds: 100 } });
    caches.push(cache);
    await cache.ready();
    return cache;
  }

  it('serves every entry in grace, never an invalidated one, and recovers', async () => {
    const namespace = uniqueName('grace-outage');
    const channel = uniqueName('grace-outage-bus');
    const a = await process(namespace, channel);
    const b = await process(namespace, channel);
    const database = new Database();
    const read = (cache: Cache, id: string) => cache.getOrLoad(id, () => database.load(id), READ);

    // Warm: every row cached by both processes.
    for (const id of IDS) {
      expect(await read(a, id)).toEqual({ id, version: 1 });
      expect(await read(b, id)).toEqual({ id, version: 1 });
    }

    // A write commits just before the outage and invalidates its rows (through B).
    for (const id of INVALIDATED) database.rows.set(id, 2);
    await b.invalidate({ keys: INVALIDATED });
    // Past the burst TTL: no L1 anywhere still holds a row from before.
    await sleep(150);
    database.down = true;

    const outage = { keptServed: 0, keptFailed: 0, invalidatedServed: 0, invalidatedFailed: 0 };
    const outageEnds = Date.now() + 3_000;
    const readers = [a, b, a, b].map(async (cache, reader) => {
      let turn = reader;
      while (Date.now() < outageEnds) {
        const id = IDS[turn++ % IDS.length]!;
        const invalidated = INVALIDATED.includes(id);
        try {
          const row = await read(cache, id);
          if (invalidated) outage.invalidatedServed++;
          else if (row.version === 1) outage.keptServed++;
        } catch {
          if (invalidated) outage.invalidatedFailed++;
          else outage.keptFailed++;
        }
        await sleep(1);
      }
    });
    await Promise.all(readers);
    expect(outage.invalidatedServed).toBe(0);
    expect(outage.keptFailed).toBe(0);
    expect(outage.keptServed).toBeGreaterThan(KEPT.length);
    expect(outage.invalidatedFailed).toBeGreaterThan(0);
    const graceHits = a.stats().total.graceHits + b.stats().total.graceHits;
    expect(graceHits).toBeGreaterThan(0);

    // The database is back: after the backoff, reads load current rows again.
    database.down = false;
    await sleep(READ.graceBackoffMilliseconds + 50);
    for (const cache of [a, b]) {
      for (const id of IDS) {
        expect(await read(cache, id)).toEqual({ id, version: database.rows.get(id) });
      }
    }
  }, 30_000);
});

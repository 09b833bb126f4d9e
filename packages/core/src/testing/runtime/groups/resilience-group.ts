import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../../cache/cache.js';
import { TimeoutError } from '../../../errors/timeout-error.js';
import type { CacheEventMap } from '../../../events/cache-events.js';
import { KeySpace } from '../../../keys/key-space.js';
import type { GetOrLoadOptions } from '../../../runtime/get-or-load-options.js';
import { createGate } from '../gate.js';
import type { RuntimeHarness } from '../runtime-harness.js';

interface Item {
  readonly id: number;
  readonly version: string;
}

const OLD: Item = { id: 7, version: 'old' };
const NEW: Item = { id: 7, version: 'new' };
const TTL = 1_000;
const GRACE = 60_000;
/** Fills and loads of these tests: tagged by value, so tag invalidations can reach them. */
const GRACEFUL: GetOrLoadOptions<Item> = {
  ttlMilliseconds: TTL,
  graceMilliseconds: GRACE,
  tags: (item) => [`item-${item.id}`],
};

function databaseDown(): Promise<never> {
  return Promise.reject(new Error('database unavailable'));
}

/** Collects one event's payloads from a cache. */
function record<Name extends keyof CacheEventMap>(
  cache: Cache,
  name: Name,
): Array<CacheEventMap[Name]> {
  const seen: Array<CacheEventMap[Name]> = [];
  cache.on(name, (payload) => seen.push(payload));
  return seen;
}

/**
 * Runtime invariants of grace, soft and hard timeouts and early refresh
 * (docs/design.md: invalidation is complete, no stale resurrection): a value past
 * its TTL serves when the loader fails or is slow, never once an invalidation ended
 * it, in any process. Time is a fake clock (`Date`, `setTimeout`); loaders are gated.
 */
export function registerResilienceGroup(harness: RuntimeHarness): void {
  describe('grace, timeouts and early refresh', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A process whose L1 is off (L2 is what is under test), with one entry loaded as OLD. */
    async function withStaleEntry(withBus = false) {
      const world = await harness.world();
      const a = await world.process({ burst: false }, withBus);
      expect(await a.getOrLoad('k', async () => OLD, GRACEFUL)).toEqual(OLD);
      vi.setSystemTime(Date.now() + TTL + 1);
      return { world, a };
    }

    it('serves the value in grace when the loader fails, and reports it', async () => {
      const { a } = await withStaleEntry();
      const grace = record(a, 'grace');
      expect(await a.getOrLoad('k', databaseDown, GRACEFUL)).toEqual(OLD);
      expect(grace).toEqual([
        expect.objectContaining({ keys: ['k'], reason: 'error', error: expect.any(Error) }),
      ]);
      expect(a.stats().total.graceHits).toBe(1);
    });

    it('a value past its TTL is a miss for get, and without a grace window a failed load rejects', async () => {
      const { a } = await withStaleEntry();
      expect(await a.get('k')).toBeUndefined();
      await expect(
        a.getOrLoad('k', databaseDown, { ...GRACEFUL, graceMilliseconds: 0 }),
      ).rejects.toThrow('database unavailable');
    });

    it('ends grace at the end of the grace window', async () => {
      const { a } = await withStaleEntry();
      vi.setSystemTime(Date.now() + GRACE);
      await expect(a.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
        'database unavailable',
      );
    });

    const INVALIDATIONS = [
      { what: 'key', targets: { keys: ['k'] } },
      { what: 'tag', targets: { tags: ['item-7'] } },
    ] as const;
    for (const { what, targets } of INVALIDATIONS) {
      it(`never serves from grace a value invalidated by ${what} in the same process`, async () => {
        const { a } = await withStaleEntry();
        await a.invalidate(targets);
        await expect(a.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
          'database unavailable',
        );
      });

      it(`never serves from grace a value invalidated by ${what} in another process, without a bus`, async () => {
        const { world, a } = await withStaleEntry();
        const b = await world.process({}, false);
        await b.invalidate(targets);
        await expect(a.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
          'database unavailable',
        );
      });
    }

    it('never serves from grace a value invalidated in another process with a bus, L1 on', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: { ttlMilliseconds: 60_000 } });
      const b = await world.process();
      expect(await a.getOrLoad('k', async () => OLD, GRACEFUL)).toEqual(OLD);
      vi.setSystemTime(Date.now() + TTL + 1);
      await b.invalidate({ tags: ['item-7'] });
      vi.useRealTimers();
      await harness.eventually(async () => {
        await expect(a.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
          'database unavailable',
        );
      });
    });

    it('never serves from grace a value whose tag version record was lost (evicted, restarted empty)', async () => {
      const { world, a } = await withStaleEntry();
      await world.adapter.delete(KeySpace.tagKey('item-7'));
      await expect(a.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
        'database unavailable',
      );
    });

    it('never serves from grace a value invalidated at a transaction commit', async () => {
      const { a } = await withStaleEntry();
      await a.transaction(async () => {
        await a.invalidate({ keys: ['k'] });
        // Inside the transaction nothing is read from the cache, grace included.
        await expect(a.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
          'database unavailable',
        );
      });
      await expect(a.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
        'database unavailable',
      );
    });

    it('never serves from grace a value of a cleared namespace', async () => {
      const world = await harness.world();
      const root = await world.process({ burst: false }, false);
      const items = root.namespace('items');
      expect(await items.getOrLoad('k', async () => OLD, GRACEFUL)).toEqual(OLD);
      vi.setSystemTime(Date.now() + TTL + 1);
      await items.clear();
      await expect(items.getOrLoad('k', databaseDown, GRACEFUL)).rejects.toThrow(
        'database unavailable',
      );
    });

    it('a soft timeout answers from grace at the timeout; the load goes on and fills', async () => {
      const { world, a } = await withStaleEntry();
      const gate = createGate();
      const started = Date.now();
      let answeredAt: number | undefined;
      const answer = a
        .getOrLoad('k', gate.loader(NEW), { ...GRACEFUL, softTimeoutMilliseconds: 50 })
        .then((value) => {
          answeredAt = Date.now();
          return value;
        });
      await gate.entered;
      await vi.advanceTimersByTimeAsync(49);
      expect(answeredAt).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(await answer).toEqual(OLD);
      expect(answeredAt! - started).toBe(50);
      gate.open();
      const other = await world.process({ burst: false }, false);
      await vi.waitFor(async () => {
        expect(await other.get('k')).toEqual(NEW);
      });
      expect(gate.calls).toBe(1);
    });

    it('a caller joining a load that already ran past the soft timeout gets the grace value at once', async () => {
      const { a } = await withStaleEntry();
      const gate = createGate();
      const options = { ...GRACEFUL, softTimeoutMilliseconds: 50 };
      const first = a.getOrLoad('k', gate.loader(NEW), options);
      await gate.entered;
      await vi.advanceTimersByTimeAsync(50);
      expect(await first).toEqual(OLD);
      const joinedAt = Date.now();
      expect(await a.getOrLoad('k', gate.loader(NEW), options)).toEqual(OLD);
      // No fake time passed: answered without waiting for the soft timeout again.
      expect(Date.now()).toBe(joinedAt);
      expect(gate.calls).toBe(1);
      gate.open();
    });

    it('a soft timeout of 0 is stale-while-revalidate: the stale value at once, one load', async () => {
      const { a } = await withStaleEntry();
      const gate = createGate();
      const swr = { ...GRACEFUL, softTimeoutMilliseconds: 0 };
      expect(await a.getOrLoad('k', gate.loader(NEW), swr)).toEqual(OLD);
      expect(await a.getOrLoad('k', gate.loader(NEW), swr)).toEqual(OLD);
      gate.open();
      await vi.waitFor(async () => {
        expect(await a.get('k')).toEqual(NEW);
      });
      expect(gate.calls).toBe(1);
    });

    it('a soft timeout never serves a value invalidated while the load ran', async () => {
      const { a } = await withStaleEntry();
      const gate = createGate();
      const answer = a.getOrLoad('k', gate.loader(NEW), {
        ...GRACEFUL,
        softTimeoutMilliseconds: 50,
      });
      await gate.entered;
      await a.invalidate({ keys: ['k'] });
      await vi.advanceTimersByTimeAsync(50);
      gate.open();
      // No grace value any more: the call waits for its load.
      expect(await answer).toEqual(NEW);
    });

    it('without a grace value a soft timeout waits for the load', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false }, false);
      const gate = createGate();
      let settled = false;
      const answer = a
        .getOrLoad('k', gate.loader(NEW), { ...GRACEFUL, softTimeoutMilliseconds: 10 })
        .finally(() => {
          settled = true;
        });
      await gate.entered;
      await vi.advanceTimersByTimeAsync(100);
      expect(settled).toBe(false);
      gate.open();
      expect(await answer).toEqual(NEW);
    });

    it('a hard timeout rejects with TimeoutError, grace value or not; the load still fills', async () => {
      const { world, a } = await withStaleEntry();
      const gate = createGate();
      const answer = a.getOrLoad('k', gate.loader(NEW), {
        ...GRACEFUL,
        graceMilliseconds: 0,
        hardTimeoutMilliseconds: 200,
      });
      const rejected = expect(answer).rejects.toSatisfy((error) => TimeoutError.isInstance(error));
      await gate.entered;
      await vi.advanceTimersByTimeAsync(200);
      await rejected;
      gate.open();
      const other = await world.process({ burst: false }, false);
      await vi.waitFor(async () => {
        expect(await other.get('k')).toEqual(NEW);
      });
    });

    it('backs off after a failed load in grace: no loader call until the backoff ends', async () => {
      const { a } = await withStaleEntry();
      const options = { ...GRACEFUL, graceBackoffMilliseconds: 5_000 };
      let calls = 0;
      const failing = () => {
        calls++;
        return databaseDown();
      };
      const grace = record(a, 'grace');
      expect(await a.getOrLoad('k', failing, options)).toEqual(OLD);
      expect(await a.getOrLoad('k', failing, options)).toEqual(OLD);
      expect(calls).toBe(1);
      expect(grace.map((event) => event.reason)).toEqual(['error', 'backoff']);
      vi.setSystemTime(Date.now() + 5_000);
      expect(await a.getOrLoad('k', async () => NEW, options)).toEqual(NEW);
    });

    it('a failed load puts the value in grace back for other processes', async () => {
      const { world, a } = await withStaleEntry();
      expect(await a.getOrLoad('k', databaseDown, GRACEFUL)).toEqual(OLD);
      const b = await world.process({ burst: false }, false);
      expect(await b.getOrLoad('k', databaseDown, GRACEFUL)).toEqual(OLD);
    });

    it('early refresh: readers keep hitting while one load refreshes the entry', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false }, false);
      const b = await world.process({ burst: false }, false);
      const options = { ...GRACEFUL, earlyRefresh: { threshold: 0.5 } };
      expect(await a.getOrLoad('k', async () => OLD, options)).toEqual(OLD);
      vi.setSystemTime(Date.now() + TTL * 0.6);
      const gate = createGate();
      const refreshes = record(a, 'early-refresh');
      // The first read in the last half of the TTL starts a refresh; readers in both
      // processes keep getting the current value meanwhile, without loading.
      expect(await a.getOrLoad('k', gate.loader(NEW), options)).toEqual(OLD);
      await gate.entered;
      for (const reader of [a, b, a, b]) {
        expect(await reader.getOrLoad('k', gate.loader(NEW), options)).toEqual(OLD);
        expect(await reader.get('k')).toEqual(OLD);
      }
      expect(gate.calls).toBe(1);
      expect(refreshes).toEqual([expect.objectContaining({ key: 'k' })]);
      gate.open();
      await vi.waitFor(async () => {
        expect(await b.get('k')).toEqual(NEW);
      });
      expect(gate.calls).toBe(1);
    });

    it('a failed early refresh keeps the value, reports no grace serve and starts no backoff', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false }, false);
      const options = { ...GRACEFUL, earlyRefresh: { threshold: 0.5 } };
      expect(await a.getOrLoad('k', async () => OLD, options)).toEqual(OLD);
      vi.setSystemTime(Date.now() + TTL * 0.6);
      const grace = record(a, 'grace');
      const failures = record(a, 'load-error');
      expect(await a.getOrLoad('k', databaseDown, options)).toEqual(OLD);
      await vi.waitFor(async () => {
        expect(failures).toHaveLength(1);
        // The carried value is back: a plain read finds it fresh.
        expect(await a.get('k')).toEqual(OLD);
      });
      expect(grace).toEqual([]);
      // Once stale, the next read loads (no backoff from the failed refresh).
      vi.setSystemTime(Date.now() + TTL);
      expect(await a.getOrLoad('k', async () => NEW, options)).toEqual(NEW);
    });

    it('early refresh stores nothing when the key is invalidated during the refresh', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false }, false);
      const options = { ...GRACEFUL, earlyRefresh: { threshold: 0.5 } };
      expect(await a.getOrLoad('k', async () => OLD, options)).toEqual(OLD);
      vi.setSystemTime(Date.now() + TTL * 0.6);
      const gate = createGate();
      const load = record(a, 'load');
      expect(await a.getOrLoad('k', gate.loader(NEW), options)).toEqual(OLD);
      await gate.entered;
      await a.invalidate({ keys: ['k'] });
      gate.open();
      await vi.waitFor(() => {
        expect(load).toHaveLength(1);
      });
      expect(await a.get('k')).toBeUndefined();
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { GetOrLoadOptions } from '../../../runtime/get-or-load-options.js';
import { createGate } from '../gate.js';
import type { RuntimeHarness } from '../runtime-harness.js';

interface Item {
  readonly id: number;
  readonly version: string;
}

const TARGETS: ReadonlyArray<{
  what: string;
  options: GetOrLoadOptions<Item>;
  targets: { keys?: string[]; tags?: string[] };
}> = [
  { what: 'key', options: {}, targets: { keys: ['k'] } },
  { what: 'argument tag', options: { tags: ['item-7'] }, targets: { tags: ['item-7'] } },
  {
    what: 'value tag',
    options: { tags: (item: Item) => [`item-${item.id}`] },
    targets: { tags: ['item-7'] },
  },
];

const OLD: Item = { id: 7, version: 'old' };
const NEW: Item = { id: 7, version: 'new' };

/**
 * Runtime invariant (docs/design.md): no stale resurrection; no joining a load from before an
 * invalidation.
 */
export function registerNoResurrectionGroup(harness: RuntimeHarness): void {
  describe('no stale resurrection', () => {
    for (const { what, options, targets } of TARGETS) {
      it(`a load overlapping an invalidation by ${what} in the same process stores nothing`, async () => {
        const world = await harness.world();
        const a = await world.process();
        const gate = createGate();
        const loading = a.getOrLoad('k', gate.loader(OLD), options);
        await gate.entered;
        await a.invalidate(targets);
        gate.open();
        // The callers of the overlapping load still get its value ...
        expect(await loading).toEqual(OLD);
        // ... but no layer keeps it.
        const fresh = await world.process({ burst: false }, false);
        expect(await fresh.get('k')).toBeUndefined();
        expect(await a.getOrLoad('k', async () => NEW, options)).toEqual(NEW);
      });

      it(`a load overlapping an invalidation by ${what} in another process (no bus) leaves nothing in L2`, async () => {
        const world = await harness.world();
        const a = await world.process({}, false);
        const b = await world.process({}, false);
        const gate = createGate();
        const loading = a.getOrLoad('k', gate.loader(OLD), options);
        await gate.entered;
        await b.invalidate(targets);
        gate.open();
        expect(await loading).toEqual(OLD);
        const fresh = await world.process({ burst: false }, false);
        expect(await fresh.get('k')).toBeUndefined();
        expect(await fresh.getOrLoad('k', async () => NEW, options)).toEqual(NEW);
      });

      it(`a load overlapping an invalidation by ${what} in another process (bus) leaves nothing in any layer`, async () => {
        const world = await harness.world();
        const a = await world.process({ burst: { ttlMilliseconds: 600_000 } });
        const b = await world.process();
        const gate = createGate();
        const loading = a.getOrLoad('k', gate.loader(OLD), options);
        await gate.entered;
        await b.invalidate(targets);
        gate.open();
        expect(await loading).toEqual(OLD);
        const fresh = await world.process({ burst: false }, false);
        expect(await fresh.get('k')).toBeUndefined();
        await harness.eventually(async () => {
          expect(await a.getOrLoad('k', async () => NEW, options)).toEqual(NEW);
        });
      });

      it(`a caller arriving after another process invalidated by ${what} never joins this process's load from before it (no L1, no bus)`, async () => {
        const world = await harness.world();
        const a = await world.process({ burst: false }, false);
        const b = await world.process({ burst: false }, false);
        const gate = createGate();
        const first = a.getOrLoad('k', gate.loader(OLD), options);
        await gate.entered;
        await b.invalidate(targets);
        let laterLoads = 0;
        const later = a.getOrLoad(
          'k',
          async () => {
            laterLoads++;
            return NEW;
          },
          options,
        );
        gate.open();
        expect(await first).toEqual(OLD);
        expect(await later).toEqual(NEW);
        expect(laterLoads).toBe(1);
        expect(await b.getOrLoad('k', async () => OLD, options)).toEqual(NEW);
      });

      it(`callers arriving after an invalidation by ${what} never join the load that started before it`, async () => {
        const world = await harness.world();
        const a = await world.process();
        const gate = createGate();
        const first = a.getOrLoad('k', gate.loader(OLD), options);
        await gate.entered;
        let joinedLoads = 0;
        const joined = a.getOrLoad(
          'k',
          async () => {
            joinedLoads++;
            return NEW;
          },
          options,
        );
        await a.invalidate(targets);
        let laterLoads = 0;
        const later = a.getOrLoad(
          'k',
          async () => {
            laterLoads++;
            return NEW;
          },
          options,
        );
        gate.open();
        expect(await first).toEqual(OLD);
        // Arrived before the invalidation resolved: either shared the running load
        // (its read still found the lease) or, reading after the invalidation's
        // delete, loaded afresh. Both are correct; what it may not do is both.
        const early = await joined;
        expect(early).toEqual(joinedLoads === 0 ? OLD : NEW);
        // Arrived after it: never the load from before (it may share a newer one).
        expect(await later).toEqual(NEW);
        expect(laterLoads + joinedLoads).toBeGreaterThanOrEqual(1);
      });
    }

    it('a batch load overlapping an invalidation of one of its keys stores the others only', async () => {
      const world = await harness.world();
      const a = await world.process();
      const gate = createGate();
      const loading = a.getManyOrLoad(
        ['x', 'y'],
        gate.batchLoader((key) => `old-${key}`),
      );
      await gate.entered;
      await a.invalidate({ keys: ['x'] });
      gate.open();
      expect(await loading).toEqual(['old-x', 'old-y']);
      const fresh = await world.process({ burst: false }, false);
      expect(await fresh.getMany(['x', 'y'])).toEqual([undefined, 'old-y']);
    });

    it('another process waits for the lease holder’s fill instead of loading (cross-process single-flight)', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false }, false);
      const b = await world.process({ burst: false }, false);
      const gate = createGate();
      const first = a.getOrLoad('k', gate.loader(OLD));
      await gate.entered;
      let otherLoads = 0;
      const waiting = Promise.all(
        Array.from({ length: 20 }, () =>
          b.getOrLoad('k', async () => {
            otherLoads++;
            return NEW;
          }),
        ),
      );
      gate.open();
      expect(await first).toEqual(OLD);
      expect(await waiting).toEqual(Array.from({ length: 20 }, () => OLD));
      expect(otherLoads).toBe(0);
    });
  });
}

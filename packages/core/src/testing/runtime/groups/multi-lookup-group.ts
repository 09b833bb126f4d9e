import { describe, expect, it } from 'vitest';
import { createGate } from '../gate.js';
import type { RuntimeHarness } from '../runtime-harness.js';

/** Runtime invariant (docs/design.md): multi-lookups are multi (and single-flight). */
export function registerMultiLookupGroup(harness: RuntimeHarness): void {
  describe('multi-lookups are multi', () => {
    it('getManyOrLoad of 100 keys with 40 cached: one L2 read, one loader call with exactly the 60 missing keys, one lease write and one fill', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false });
      const keys = Array.from({ length: 100 }, (_, index) => `item:${index}`);
      const cachedKeys = keys.filter((_, index) => index % 5 < 2);
      await a.setMany(cachedKeys.map((key) => ({ key, value: { key, from: 'cache' } })));
      world.adapter.resetCalls();
      const calls: Array<readonly string[]> = [];
      const values = await a.getManyOrLoad(keys, async (missing) => {
        calls.push([...missing]);
        return new Map(missing.map((key) => [key, { key, from: 'loader' }]));
      });
      expect(calls).toEqual([keys.filter((_, index) => index % 5 >= 2)]);
      expect(values).toEqual(
        keys.map((key, index) => ({ key, from: index % 5 < 2 ? 'cache' : 'loader' })),
      );
      const counts = world.adapter.callCounts;
      if (world.adapter.capabilities.compareAndSet === true) {
        expect(counts.getMany + counts.get).toBe(1);
        expect(counts.compareAndSet + counts.compareAndSetTagged).toBe(2);
        expect(counts.setMany + counts.set + counts.setTagged).toBe(0);
      } else {
        // Emulated conditional writes: a read and a write each.
        expect(counts.getMany + counts.get).toBe(3);
        expect(counts.setMany + counts.set + counts.setTagged).toBe(2);
      }
    });

    it('1,000 concurrent misses on one key run the loader once', async () => {
      const world = await harness.world();
      const a = await world.process();
      let loads = 0;
      const loader = async () => {
        loads++;
        return { value: 42 };
      };
      const results = await Promise.all(
        Array.from({ length: 1000 }, () => a.getOrLoad('hot', loader)),
      );
      expect(loads).toBe(1);
      expect(results.every((result) => result?.value === 42)).toBe(true);
    });

    it('overlapping batches load each key once: the second batch loads only what is not in flight', async () => {
      const world = await harness.world();
      const a = await world.process();
      const gate = createGate();
      const first = a.getManyOrLoad(
        ['a', 'b', 'c'],
        gate.batchLoader((key) => `1-${key}`),
      );
      await gate.entered;
      const asked: Array<readonly string[]> = [];
      const second = a.getManyOrLoad(['b', 'c', 'd'], async (keys) => {
        asked.push([...keys]);
        return new Map(keys.map((key) => [key, `2-${key}`]));
      });
      gate.open();
      expect(await first).toEqual(['1-a', '1-b', '1-c']);
      expect(await second).toEqual(['1-b', '1-c', '2-d']);
      expect(asked).toEqual([['d']]);
    });
  });
}

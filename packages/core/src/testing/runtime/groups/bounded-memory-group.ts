import { describe, expect, it } from 'vitest';
import type { RuntimeHarness } from '../runtime-harness.js';

/**
 * Runtime invariant (docs/design.md): the burst layer is bounded (the memory adapter's caps are its
 * own tests).
 */
export function registerBoundedMemoryGroup(harness: RuntimeHarness): void {
  describe('bounded memory', () => {
    it('the burst layer never holds more than maxItems entries', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: { maxItems: 10 } });
      for (let index = 0; index < 50; index++) {
        await a.getOrLoad(`k${index}`, async () => index);
        expect(a.stats().burst!.items).toBeLessThanOrEqual(10);
      }
      expect(a.stats().burst!.items).toBe(10);
    });

    it('the burst layer never holds more than maxBytes', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: { maxBytes: 4096 } });
      const big = 'x'.repeat(500);
      for (let index = 0; index < 40; index++) {
        await a.getOrLoad(`k${index}`, async () => big);
        expect(a.stats().burst!.bytes).toBeLessThanOrEqual(4096);
      }
      expect(a.stats().burst!.items).toBeGreaterThan(0);
    });
  });
}

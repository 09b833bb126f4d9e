import { describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../../events/cache-events.js';
import type { RuntimeHarness } from '../runtime-harness.js';

/** Runtime invariant (docs/design.md): reads fail open. */
export function registerFailOpenGroup(harness: RuntimeHarness): void {
  describe('reads fail open', () => {
    it('an L2 read failure falls through to the loader and reports a backend-error event', async () => {
      const world = await harness.world();
      const events: CacheEvent[] = [];
      const a = await world.process({ burst: false, onEvent: (event) => events.push(event) });
      await a.getOrLoad('k', async () => 'cached');
      world.adapter.failing.add('getMany');
      world.adapter.failing.add('get');
      expect(await a.getOrLoad('k', async () => 'from loader')).toBe('from loader');
      expect(
        await a.getManyOrLoad(['k', 'j'], async (keys) => keys.map((key) => `L${key}`)),
      ).toEqual(['Lk', 'Lj']);
      const errors = events.filter((event) => event.type === 'backend-error');
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(
        errors.every((event) => event.type === 'backend-error' && event.operation === 'read'),
      ).toBe(true);
      expect(a.stats().total.l2.errors).toBeGreaterThanOrEqual(2);
    });

    it('an L2 write failure is reported, not thrown, and the value is returned', async () => {
      const world = await harness.world();
      const events: CacheEvent[] = [];
      const a = await world.process({ burst: false, onEvent: (event) => events.push(event) });
      world.adapter.failing.add('setMany');
      world.adapter.failing.add('set');
      world.adapter.failing.add('setTagged');
      expect(await a.getOrLoad('k', async () => 'v', { tags: ['t'] })).toBe('v');
      expect(events.some((event) => event.type === 'backend-error')).toBe(true);
    });
  });
}

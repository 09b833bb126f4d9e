import { describe, expect, it } from 'vitest';
import { InvalidationError } from '../../../errors/invalidation-error.js';
import type { CacheEvent } from '../../../events/cache-events.js';
import type { RuntimeHarness } from '../runtime-harness.js';

/** Runtime invariant (docs/design.md): invalidation failures are loud. */
export function registerLoudInvalidationGroup(harness: RuntimeHarness): void {
  describe('invalidation failures are loud', () => {
    it('rejects with InvalidationError when L2 fails (keys: the deletes)', async () => {
      const world = await harness.world();
      const a = await world.process();
      await a.getOrLoad('k', async () => 'v1');
      world.adapter.failing.add('deleteMany');
      await expect(a.invalidate({ keys: ['k'] })).rejects.toThrow(InvalidationError);
    });

    it('rejects with InvalidationError when L2 fails (tags)', async () => {
      const world = await harness.world();
      const a = await world.process();
      world.adapter.failing.add('setMany');
      world.adapter.failing.add('set');
      await expect(a.invalidate({ tags: ['t'] })).rejects.toThrow(InvalidationError);
      await expect(a.invalidateTags(['t'])).rejects.toThrow(InvalidationError);
    });

    it('rejects with InvalidationError when the bus cannot publish', async () => {
      const world = await harness.world();
      const a = await world.process();
      const bus = world.buses[0]!;
      bus.publish = () => Promise.reject(new Error('bus down (simulated)'));
      await expect(a.invalidate({ keys: ['k'] })).rejects.toThrow(InvalidationError);
    });

    it("'queue' resolves, reports, bypasses the cache for what it names, and retries until it succeeds", async () => {
      const world = await harness.world();
      const events: CacheEvent[] = [];
      const a = await world.process({
        invalidationFailure: 'queue',
        invalidationRetryDelayMilliseconds: 5,
        onEvent: (event) => {
          if (event.type.startsWith('invalidation-')) events.push(event);
        },
      });
      await a.getOrLoad('k', async () => 'old', { tags: ['t'] });
      world.adapter.failing.add('deleteMany');
      world.adapter.failing.add('setMany');
      world.adapter.failing.add('set');
      await a.invalidate({ keys: ['k'], tags: ['t'] });
      expect(events.map((event) => event.type)).toContain('invalidation-queued');
      // L2 still holds the old entry, but this process does not serve it.
      expect(await a.getOrLoad('k', async () => 'fresh', { tags: ['t'] })).toBe('fresh');
      world.adapter.failing.clear();
      await harness.eventually(() => {
        expect(events.some((event) => event.type === 'invalidation-retry' && event.succeeded)).toBe(
          true,
        );
      });
      const fresh = await world.process({ burst: false }, false);
      expect(await fresh.get('k')).toBeUndefined();
    });
  });
}

import { describe, expect, it } from 'vitest';
import { TAG_EPOCH_KEY } from '../../../entries/reserved-keys.js';
import { KeySpace } from '../../../keys/key-space.js';
import { createGate } from '../gate.js';
import type { RuntimeHarness } from '../runtime-harness.js';

/** Runtime invariant (docs/design.md): lost metadata (tag versions, leases) fails closed. */
export function registerFailClosedGroup(harness: RuntimeHarness): void {
  describe('tags fail closed', () => {
    it('an entry whose tag version record is lost reads as a miss', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false });
      await a.getOrLoad('k', async () => 'v1', { tags: ['t'] });
      await world.adapter.delete(KeySpace.tagKey('t'));
      expect(await a.get('k')).toBeUndefined();
      expect(await a.getOrLoad('k', async () => 'v2', { tags: ['t'] })).toBe('v2');
    });

    it('an entry whose namespace tag record is lost reads as a miss', async () => {
      const world = await harness.world();
      const a = (await world.process({ burst: false })).namespace('ns');
      await a.getOrLoad('k', async () => 'v1');
      await world.adapter.delete('n/ns');
      expect(await a.getOrLoad('k', async () => 'v2')).toBe('v2');
    });

    it('a load whose lease is lost while it runs stores nothing', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false });
      const gate = createGate();
      const loading = a.getOrLoad('k', gate.loader('v1'));
      await gate.entered;
      // What an eviction or a restart does to the lease: it is gone.
      await world.adapter.delete(KeySpace.ROOT.entryKey('k'));
      gate.open();
      expect(await loading).toBe('v1');
      expect(await a.get('k')).toBeUndefined();
      expect(await a.getOrLoad('k', async () => 'v2')).toBe('v2');
    });

    it('a value loaded without a TTL is stored without expiry', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false });
      await a.getOrLoad('k', async () => 'v1');
      const stored = await world.adapter.get(KeySpace.ROOT.entryKey('k'));
      expect(stored?.expiresAt).toBeUndefined();
    });

    it('a value-tagged load stores nothing when the tag epoch record is lost meanwhile', async () => {
      const world = await harness.world();
      const a = await world.process({ burst: false });
      const gate = createGate();
      const loading = a.getOrLoad('k', gate.loader({ id: 1 }), {
        tags: (value: { id: number }) => [`item-${value.id}`],
      });
      await gate.entered;
      await world.adapter.delete(TAG_EPOCH_KEY);
      gate.open();
      expect(await loading).toEqual({ id: 1 });
      expect(await a.get('k')).toBeUndefined();
    });
  });
}

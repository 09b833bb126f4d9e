import { codecTestConfigurations, describeLostRecordScenarios } from '@pc/core/testing';
import { expect } from 'vitest';
import { createMemoryAdapter, createMemoryStore, type MemoryAdapter } from '../src/index.js';

/*
 * Issue 12, defects 1 and 6, on memory adapters sharing one store (the memory
 * backend's "several processes"): a load that raced an invalidation must never
 * come back once the backend loses records (here: LRU eviction at maxItems), and
 * a value loaded without a TTL has no expiry at all. Without codecs, and with
 * values compressed and encrypted.
 */

/** Item cap of the shared store (the few records of the no-TTL scenario fit easily). */
const MAX_ITEMS = 64;

async function keysOf(adapter: MemoryAdapter): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of adapter.keys()) keys.push(key);
  return keys;
}

for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
  describeLostRecordScenarios<MemoryAdapter>({
    name: transforms === 'none' ? 'memory' : `memory with ${name}`,
    cacheOptions: { codecs },
    backend: () => {
      const store = createMemoryStore({ maxItems: MAX_ITEMS });
      return ({ namespace }) => createMemoryAdapter({ namespace, store });
    },
    loss: 'LRU eviction (maxItems)',
    loseRecords: async ({ adapters, keep }) => {
      const before = await keysOf(adapters.a);
      // Twice the cap: whatever was there, everything not read during the flood
      // goes. Reading the kept records keeps them recently used.
      for (let index = 0; index < 2 * MAX_ITEMS; index++) {
        await adapters.b.set(`flood-${index}`, { payload: 'x' });
        for (const record of keep) await adapters.a.get(record);
      }
      // The loss happened: the store is full of flood keys, and every record that
      // existed before the flood and was not read during it is gone.
      const after = await keysOf(adapters.a);
      expect(after).toHaveLength(MAX_ITEMS);
      expect(after).not.toContain('flood-0');
      expect(before.filter((record) => !keep.includes(record) && after.includes(record))).toEqual(
        [],
      );
    },
    expectNoExpiry: async ({ adapter, entries }) => {
      for (const [adapterKey, value] of entries) {
        const entry = await adapter.get(adapterKey);
        expect(entry, `entry ${adapterKey}`).toBeDefined();
        expect(entry!.expiresAt, `expiresAt of ${adapterKey}`).toBeUndefined();
        // Encrypted, a payload holds no value in clear text.
        if (transforms === 'none') expect(entry!.payload).toContain(value);
        else expect(entry!.payload).not.toContain(value);
      }
    },
    // The memory adapter checks expiry against Date.now().
    fakeClock: true,
  });
}

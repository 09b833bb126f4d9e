import { describe, expect, it } from 'vitest';
import { type ConformanceHarness, entry, payloadOf, payloads } from './conformance-harness.js';

const MANY = 1001;

/** Multi-key operations: order, duplicates, empty input, many keys. */
export function registerBatchGroup(harness: ConformanceHarness): void {
  describe('batch', () => {
    it('getMany keeps input order, with undefined for each miss', async () => {
      const adapter = await harness.adapter();
      await adapter.setMany([
        ['b', entry('B')],
        ['d', entry('D')],
        ['a', entry('A')],
      ]);
      expect(payloads(await adapter.getMany(['a', 'x', 'b', 'c', 'd', 'y']))).toEqual([
        'A',
        undefined,
        'B',
        undefined,
        'D',
        undefined,
      ]);
      expect(payloads(await adapter.getMany(['d', 'b', 'a']))).toEqual(['D', 'B', 'A']);
    });

    it('getMany fills every slot of a duplicated key', async () => {
      const adapter = await harness.adapter();
      await adapter.set('a', entry('A'));
      await adapter.set('b', entry('B'));
      expect(
        payloads(await adapter.getMany(['a', 'b', 'a', 'missing', 'a', 'missing', 'b'])),
      ).toEqual(['A', 'B', 'A', undefined, 'A', undefined, 'B']);
    });

    it('empty inputs resolve to empty results', async () => {
      const adapter = await harness.adapter();
      expect(await adapter.getMany([])).toEqual([]);
      expect(await adapter.setMany([])).toEqual([]);
      expect(await adapter.deleteMany([])).toBe(0);
    });

    it('setMany stores every item and reports each, in input order', async () => {
      const adapter = await harness.adapter();
      expect(
        await adapter.setMany([
          ['x', entry('X')],
          ['y', entry('')],
          ['z', entry('Z')],
        ]),
      ).toEqual([true, true, true]);
      expect(await payloadOf(adapter, 'x')).toBe('X');
      expect(await payloadOf(adapter, 'y')).toBe('');
      expect(await payloadOf(adapter, 'z')).toBe('Z');
    });

    it('setMany with a duplicated key keeps the last entry', async () => {
      const adapter = await harness.adapter();
      await adapter.setMany([
        ['k', entry('first')],
        ['other', entry('other')],
        ['k', entry('last')],
      ]);
      expect(await payloadOf(adapter, 'k')).toBe('last');
      expect(await payloadOf(adapter, 'other')).toBe('other');
    });

    it('deleteMany removes exactly the listed keys and counts those that existed', async () => {
      const adapter = await harness.adapter();
      await adapter.setMany([
        ['a', entry('A')],
        ['b', entry('B')],
        ['c', entry('C')],
      ]);
      expect(await adapter.deleteMany(['a', 'missing', 'c'])).toBe(2);
      expect(payloads(await adapter.getMany(['a', 'b', 'c']))).toEqual([undefined, 'B', undefined]);
    });

    it(`handles ${MANY.toLocaleString('en-US')} keys in one setMany, getMany and deleteMany`, async () => {
      const adapter = await harness.adapter();
      const keys = Array.from({ length: MANY }, (_, index) => `key-${index}`);
      const stored = await adapter.setMany(
        keys.map((key, index) => [key, entry(`value-${index}`)]),
      );
      expect(stored).toHaveLength(MANY);
      expect(stored.every((done) => done === true)).toBe(true);
      const read = payloads(await adapter.getMany(keys));
      expect(read).toEqual(keys.map((_, index) => `value-${index}`));
      expect(await adapter.deleteMany(keys)).toBe(MANY);
      const after = await adapter.getMany(keys);
      expect(after).toHaveLength(MANY);
      expect(after.every((found) => found === undefined)).toBe(true);
    });
  });
}

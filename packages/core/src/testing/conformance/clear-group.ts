import { describe, expect, it } from 'vitest';
import { createCache } from '../../index.js';
import {
  type ConformanceHarness,
  entry,
  listKeys,
  payloadOf,
  payloads,
} from './conformance-harness.js';

/** `clear` removes its namespace, all of it, and nothing else. */
export function registerClearGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  describe('clear and namespaces', () => {
    it('clear removes every entry of the namespace, odd keys included', async () => {
      const adapter = await harness.adapter();
      const keys = ['plain', '..', '../x', 'a:b', '*', '%2F', '\n', '🔑', 'k'.repeat(4096)];
      await adapter.setMany(keys.map((key) => [key, entry('v')]));
      await adapter.set('expiring', entry('v', Date.now() + 60_000));
      await adapter.clear();
      expect(
        payloads(await adapter.getMany([...keys, 'expiring'])).every(
          (found) => found === undefined,
        ),
      ).toBe(true);
      if (capabilities.enumerateKeys) expect(await listKeys(adapter)).toEqual([]);
      expect(await adapter.set('plain', entry('after'))).toBe(true);
      expect(await payloadOf(adapter, 'plain'), 'writes work after clear').toBe('after');
    });

    it('clear of an empty namespace resolves', async () => {
      const adapter = await harness.adapter();
      await adapter.clear();
      await adapter.clear();
      expect(await adapter.get('k')).toBeUndefined();
    });

    it('clear never removes keys outside its namespace', async () => {
      const base = harness.context();
      const cleared = await harness.adapter(base);
      // Namespaces that share a prefix with the cleared one, as a glob or prefix scan could match them.
      const neighbours = await Promise.all(
        ['-a', 'a', '_', '-', '0'].map((suffix) =>
          harness.adapter({ namespace: `${base.namespace}${suffix}` }),
        ),
      );
      await cleared.setMany([
        ['k', entry('cleared')],
        ['a:k', entry('cleared')],
      ]);
      for (const [index, neighbour] of neighbours.entries()) {
        await neighbour.setMany([
          ['k', entry(`neighbour ${index}`)],
          ['a:k', entry(`neighbour ${index}`)],
          [':k', entry(`neighbour ${index}`)],
        ]);
      }
      await cleared.clear();
      expect(payloads(await cleared.getMany(['k', 'a:k']))).toEqual([undefined, undefined]);
      for (const [index, neighbour] of neighbours.entries()) {
        expect(
          payloads(await neighbour.getMany(['k', 'a:k', ':k'])),
          `namespace ${neighbour.namespace}`,
        ).toEqual([`neighbour ${index}`, `neighbour ${index}`, `neighbour ${index}`]);
      }
    });

    if (capabilities.sharedAcrossInstances) {
      it('clear through one instance is seen by another instance of the namespace', async () => {
        const context = harness.context();
        const first = await harness.adapter(context);
        const second = await harness.adapter(context);
        await first.setMany([
          ['a', entry('A')],
          ['b', entry('B')],
        ]);
        await second.clear();
        expect(payloads(await first.getMany(['a', 'b']))).toEqual([undefined, undefined]);
      });
    }

    it('clearing a child namespace of a Cache leaves its parent and siblings', async () => {
      const root = createCache({ adapter: await harness.adapter() });
      const child = root.namespace('child');
      const sibling = root.namespace('sibling');
      await root.set('k', 'root');
      await child.set('k', 'child');
      await sibling.set('k', 'sibling');
      await child.clear();
      expect(await child.get('k')).toBeUndefined();
      expect(await root.get('k')).toBe('root');
      expect(await sibling.get('k')).toBe('sibling');
    });
  });
}

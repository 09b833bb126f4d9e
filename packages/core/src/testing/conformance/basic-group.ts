import { describe, expect, it } from 'vitest';
import { ADAPTER_CONTRACT_VERSION } from '../../contracts/cache-adapter.js';
import { type ConformanceHarness, entry, payloadOf } from './conformance-harness.js';

/** Single-key operations and what an adapter declares about itself. */
export function registerBasicGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  describe('basic', () => {
    it('declares contract version 1, a name, its namespace and well-formed capabilities', async () => {
      const context = harness.context();
      const adapter = await harness.adapter(context);
      expect(adapter.contractVersion).toBe(ADAPTER_CONTRACT_VERSION);
      expect(typeof adapter.name === 'string' && adapter.name !== '').toBe(true);
      expect(adapter.namespace).toContain(context.namespace);
      const caps = adapter.capabilities;
      for (const name of ['ttlPrecisionMilliseconds', 'maxKeyBytes', 'maxValueBytes'] as const) {
        expect(caps[name] > 0, `capabilities.${name} is a positive number`).toBe(true);
      }
      for (const name of [
        'nativeTags',
        'prune',
        'enumerateKeys',
        'persistent',
        'sharedAcrossInstances',
        'evicts',
      ] as const) {
        expect(typeof caps[name], `capabilities.${name}`).toBe('boolean');
      }
      expect(caps, 'capabilities stay the same for every instance').toEqual(capabilities);
    });

    it('get of a missing key is a miss', async () => {
      const adapter = await harness.adapter();
      expect(await adapter.get('missing')).toBeUndefined();
    });

    it('set stores an entry that get returns', async () => {
      const adapter = await harness.adapter();
      expect(await adapter.set('k', entry('value'))).toBe(true);
      const found = await adapter.get('k');
      expect(found?.payload).toBe('value');
    });

    it('set replaces the previous entry', async () => {
      const adapter = await harness.adapter();
      await adapter.set('k', entry('first'));
      expect(await adapter.set('k', entry('second'))).toBe(true);
      expect(await payloadOf(adapter, 'k')).toBe('second');
    });

    it('an empty payload and other falsy-looking payloads are hits', async () => {
      const adapter = await harness.adapter();
      const falsy = ['', '0', 'false', 'null', 'undefined', 'NaN', ' '];
      for (const [index, payload] of falsy.entries()) {
        await adapter.set(`k${index}`, entry(payload));
      }
      for (const [index, payload] of falsy.entries()) {
        const found = await adapter.get(`k${index}`);
        expect(found, `get of payload ${JSON.stringify(payload)}`).toBeDefined();
        expect(found?.payload).toBe(payload);
      }
      const many = await adapter.getMany(falsy.map((_, index) => `k${index}`));
      expect(many.map((found) => found?.payload)).toEqual(falsy);
    });

    it('delete removes an entry and resolves true', async () => {
      const adapter = await harness.adapter();
      await adapter.set('k', entry('value'));
      await adapter.set('other', entry('stays'));
      expect(await adapter.delete('k')).toBe(true);
      expect(await adapter.get('k')).toBeUndefined();
      expect(await payloadOf(adapter, 'other')).toBe('stays');
    });

    it('delete of a missing key resolves false without error', async () => {
      const adapter = await harness.adapter();
      expect(await adapter.delete('missing')).toBe(false);
      await adapter.set('k', entry('value'));
      await adapter.delete('k');
      expect(await adapter.delete('k')).toBe(false);
    });

    if (capabilities.sharedAcrossInstances) {
      it('a second instance of the same namespace sees writes, replacements and deletes', async () => {
        const context = harness.context();
        const first = await harness.adapter(context);
        const second = await harness.adapter(context);
        await first.set('k', entry('one'));
        expect(await payloadOf(second, 'k')).toBe('one');
        await second.set('k', entry('two'));
        expect(await payloadOf(first, 'k')).toBe('two');
        expect(await second.delete('k')).toBe(true);
        expect(await first.get('k')).toBeUndefined();
      });
    } else {
      it('instances do not share entries (capabilities.sharedAcrossInstances: false)', async () => {
        const context = harness.context();
        const first = await harness.adapter(context);
        const second = await harness.adapter(context);
        await first.set('k', entry('one'));
        expect(await second.get('k')).toBeUndefined();
      });
    }
  });
}

import { describe, expect, it } from 'vitest';
import type { AdapterEntry } from '../../contracts/adapter-entry.js';
import { InvalidOptionsError } from '../../errors/invalid-options-error.js';
import { SerializationError } from '../../errors/serialization-error.js';
import {
  type ConformanceHarness,
  entry,
  expectDistinctKeys,
  expectPcError,
  expiryControl,
  listKeys,
  payloadOf,
  payloads,
} from './conformance-harness.js';

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;

/** Entries a caller's bug can hand an adapter, by description. */
const MALFORMED: ReadonlyArray<readonly [what: string, entry: unknown]> = [
  ['a null entry', null],
  ['a number payload', { payload: 42 }],
  ['a Buffer payload', { payload: Buffer.from('x') }],
  ['a NaN expiresAt', { payload: 'x', expiresAt: Number.NaN }],
  ['a string expiresAt', { payload: 'x', expiresAt: String(Date.now() + DAY) }],
];

/**
 * Offsets (ms) from now of expiries every adapter must accept, from the shortest
 * to the largest finite number. Redis once sent `PX 1e+20` and failed.
 */
const TTL_OFFSETS = [1, 1000, DAY, 31 * DAY, 400 * DAY, 100 * YEAR, 1e15, 1e20, Number.MAX_VALUE];
/** From this offset on, the entry must be stored and read back with its exact expiresAt. */
const FAR_OFFSET = DAY;

/**
 * Keys holding `String.prototype.replace` patterns: a client that builds commands
 * with `command.replace(key, key)` turns `price$$` into `price$` and cannot send `$'`.
 */
const DOLLAR_KEYS = [
  '$',
  '$$',
  '$$$',
  '$$$$',
  '$&',
  '$`',
  "$'",
  '$1',
  '$0',
  '$<name>',
  '$$&',
  'a$b',
  'a$$b',
  'a$&b',
  'a$`b',
  "a$'b",
  'a$1b',
  'price$',
  'price$$',
  "get $' $`",
];

/** The option name the suite hands `factoryWithUnknownOption`. */
export const UNKNOWN_OPTION_NAME = 'pcConformanceUnknownOption';

/**
 * The contract's edges, the same for every adapter: malformed entries reject with
 * one typed error and write nothing, every TTL from 1 ms to `Number.MAX_VALUE`
 * (and `Infinity`) is accepted, keys with `$` patterns stay distinct, and (when
 * the options give a way) unknown option names are rejected.
 */
export function registerEntryValidationGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  const { startClock } = expiryControl(harness);
  describe('entry validation', () => {
    it('set rejects a malformed entry (null, number or Buffer payload, NaN or string expiresAt) with SerializationError and keeps the old entry', async () => {
      const adapter = await harness.adapter();
      await adapter.set('k', entry('old'));
      for (const [what, bad] of MALFORMED) {
        await expectPcError(
          () => adapter.set('k', bad as AdapterEntry),
          SerializationError,
          `set with ${what}`,
        );
        await expectPcError(
          () => adapter.set('fresh', bad as AdapterEntry),
          SerializationError,
          `set of a new key with ${what}`,
        );
      }
      expect(await adapter.get('k')).toEqual({ payload: 'old' });
      expect(await adapter.get('fresh')).toBeUndefined();
    });

    it('setMany rejects a batch holding a malformed entry with SerializationError and writes none of its items', async () => {
      const adapter = await harness.adapter();
      await adapter.set('k', entry('old'));
      for (const [what, bad] of MALFORMED) {
        await expectPcError(
          () =>
            adapter.setMany([
              ['before', entry('new')],
              ['k', bad as AdapterEntry],
            ]),
          SerializationError,
          `setMany with ${what} last`,
        );
        await expectPcError(
          () =>
            adapter.setMany([
              ['k', bad as AdapterEntry],
              ['after', entry('new')],
            ]),
          SerializationError,
          `setMany with ${what} first`,
        );
      }
      expect(await adapter.get('k')).toEqual({ payload: 'old' });
      expect(payloads(await adapter.getMany(['before', 'after']))).toEqual([undefined, undefined]);
    });

    if (capabilities.compareAndSet) {
      it('compareAndSet rejects a call holding a malformed entry with SerializationError and writes none of its items', async () => {
        const adapter = await harness.adapter();
        await adapter.set('k', entry('old'));
        for (const [what, bad] of MALFORMED) {
          await expectPcError(
            () =>
              adapter.compareAndSet!([
                ['added', undefined, entry('new')],
                ['k', 'old', bad as AdapterEntry],
              ]),
            SerializationError,
            `compareAndSet with ${what}`,
          );
        }
        expect(await adapter.get('k')).toEqual({ payload: 'old' });
        expect(await adapter.get('added')).toBeUndefined();
      });
    }

    it('expiresAt from now + 1 ms to now + Number.MAX_VALUE is accepted; far ones read back with their exact expiresAt', async () => {
      startClock();
      const adapter = await harness.adapter();
      const now = Date.now();
      const far: Array<[key: string, entry: AdapterEntry]> = [];
      for (const [index, offset] of TTL_OFFSETS.entries()) {
        const key = `ttl-${index}`;
        const written = entry(`v${index}`, now + offset);
        const stored = await adapter.set(key, written);
        // A short TTL may end before the adapter looks at it (real waits); it must not throw.
        expect(typeof stored, `set with expiresAt now + ${offset} ms`).toBe('boolean');
        if (offset < FAR_OFFSET) continue;
        expect(stored, `set with expiresAt now + ${offset} ms`).toBe(true);
        far.push([key, written]);
      }
      for (const [key, written] of far) {
        expect(await adapter.get(key), `get of ${key}`).toEqual(written);
      }
      const batch = far.map(([key, written]) => [`batch-${key}`, written] as const);
      expect(await adapter.setMany(batch), 'setMany of the far expiries').toEqual(
        batch.map(() => true),
      );
      expect(await adapter.getMany(batch.map(([key]) => key))).toEqual(
        batch.map(([, written]) => written),
      );
      if (capabilities.compareAndSet) {
        const adds = far.map(([key, written]) => [`cas-${key}`, undefined, written] as const);
        expect(await adapter.compareAndSet!(adds), 'compareAndSet of the far expiries').toEqual(
          adds.map(() => true),
        );
        expect(await adapter.getMany(adds.map(([key]) => key))).toEqual(
          adds.map(([, , written]) => written),
        );
      }
    });

    it('expiresAt Infinity is accepted and read back as no expiry', async () => {
      startClock();
      const adapter = await harness.adapter();
      const forever = { payload: 'forever', expiresAt: Number.POSITIVE_INFINITY };
      expect(await adapter.set('set', forever)).toBe(true);
      expect(await adapter.setMany([['setMany', forever]])).toEqual([true]);
      const keys = ['set', 'setMany'];
      if (capabilities.compareAndSet) {
        expect(await adapter.compareAndSet!([['compareAndSet', undefined, forever]])).toEqual([
          true,
        ]);
        keys.push('compareAndSet');
      }
      for (const key of keys) {
        const found = await adapter.get(key);
        expect(found?.payload, `get of the ${key} entry`).toBe('forever');
        expect(found?.expiresAt, `expiresAt of the ${key} entry`).toBeUndefined();
      }
    });

    it("keys holding $ replacement patterns ($$, $&, $`, $', $1) round-trip and stay distinct", async () => {
      const adapter = await harness.adapter();
      for (const [index, key] of DOLLAR_KEYS.entries()) {
        expect(await adapter.set(key, entry(`set-${index}`)), `set(${JSON.stringify(key)})`).toBe(
          true,
        );
      }
      for (const [index, key] of DOLLAR_KEYS.entries()) {
        expect(await payloadOf(adapter, key), `get(${JSON.stringify(key)})`).toBe(`set-${index}`);
      }
      expect(payloads(await adapter.getMany(DOLLAR_KEYS))).toEqual(
        DOLLAR_KEYS.map((_, index) => `set-${index}`),
      );
      if (capabilities.enumerateKeys) {
        expect(await listKeys(adapter)).toEqual([...DOLLAR_KEYS].sort());
      }
      // And through setMany, with other payloads.
      await expectDistinctKeys(adapter, DOLLAR_KEYS);
    });

    const { factoryWithUnknownOption } = harness.options;
    if (factoryWithUnknownOption !== undefined) {
      it('the factory rejects an unknown option name with InvalidOptionsError naming it', async () => {
        const error = await expectPcError(
          async () => {
            const built = await factoryWithUnknownOption(UNKNOWN_OPTION_NAME);
            // A factory that accepted the option built something: release it.
            await (built as { dispose?: () => unknown } | undefined)?.dispose?.();
          },
          InvalidOptionsError,
          `the factory given "${UNKNOWN_OPTION_NAME}"`,
        );
        expect(String((error as Error).message)).toContain(UNKNOWN_OPTION_NAME);
      });
    }
  });
}

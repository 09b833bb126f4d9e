import { describe, expect, it, vi } from 'vitest';
import type { AdapterEntry } from '../../contracts/adapter-entry.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import type { CompareAndSetItem } from '../../contracts/compare-and-set-item.js';
import type { NativeTagAdapter } from '../../contracts/native-tag-adapter.js';
import { BackendUnavailableError } from '../../errors/backend-unavailable-error.js';
import { InvalidKeyError } from '../../errors/invalid-key-error.js';
import { ValueTooLargeError } from '../../errors/value-too-large-error.js';
import {
  type ConformanceHarness,
  describeError,
  entry,
  expectPcError,
  expectSameString,
  expiryControl,
  payloadOf,
  payloads,
  withDeadline,
} from './conformance-harness.js';
import {
  everyCodeUnitPayload,
  LARGE_UNLIMITED_VALUE_BYTES,
  MAX_TESTED_VALUE_BYTES,
} from './values-group.js';

const DAY = 24 * 60 * 60 * 1000;
const MANY = 1001;
/** Concurrent adds of one key. */
const RACERS = 50;
/** Keys raced at once in the replace-vs-delete and replace-vs-set tests. */
const RACED_KEYS = 200;

/**
 * Payloads a comparison must tell apart from near misses: an adapter must compare
 * the payload exactly as `get` returns it (no trimming, no normalization, no case
 * folding, no truthiness test, no cut at `\u0000`).
 */
const EXACT_PAYLOADS: ReadonlyArray<readonly [payload: string, nearMisses: readonly string[]]> = [
  ['', [' ', '\u0000', '""', 'undefined']],
  ['0', ['', '00', ' 0', '0 ', 'false']],
  ['false', ['', 'False', 'false\u0000']],
  ['null', ['', 'nul', 'NULL']],
  ['undefined', ['']],
  [' ', ['', '  ', '\t', '\u00a0']],
  ['a\u0000b', ['a', 'ab', 'a\u0000c', 'a\u0000']],
  ['\r\n', ['\n', '\r', '\r\n\r\n']],
  ['é', ['e\u0301', 'e', 'É']],
  ['e\u0301', ['é', 'e']],
  ['🔑', ['🔒', '\ufffd']],
  ['ß', ['SS', 'ss']],
  ['1{"json":true}', ['1{"json": true}', '1{"json":true} ']],
];

type CompareAndSet = (items: ReadonlyArray<CompareAndSetItem>) => Promise<boolean[]>;

/** `adapter.compareAndSet`, or a failed assertion naming what is missing. */
function compareAndSetOf(adapter: CacheAdapter): CompareAndSet {
  const method = adapter.compareAndSet;
  expect(
    typeof method,
    'compareAndSet() is implemented (the adapter declares capabilities.compareAndSet: true)',
  ).toBe('function');
  return (items) => method!.call(adapter, items);
}

/**
 * `compareAndSet`, the conditional write the Cache fences fills with (leases):
 * exact comparison, expiry, batches, validation, and atomicity against
 * concurrent adds, deletes and sets, also through a second instance.
 * Use after dispose and on an unreachable backend are in the failure group.
 */
export function registerCompareAndSetGroup(harness: ConformanceHarness): void {
  const { capabilities, options } = harness;
  const maxValueBytes = capabilities.maxValueBytes;
  const { clock, backendTtl, timeout, startClock, withShortTtl, beforeExpiry, expectExpires } =
    expiryControl(harness);
  /** A TTL that ends within the test: jumped on the fake clock, waited for otherwise. */
  const shortTtl = clock ? 60_000 : backendTtl;

  describe('compare and set', () => {
    if (capabilities.compareAndSet !== true) {
      it(`compareAndSet() is absent (capabilities.compareAndSet: ${String(capabilities.compareAndSet ?? false)})`, async () => {
        const adapter = await harness.adapter();
        expect(
          adapter.compareAndSet,
          'compareAndSet() is present only when capabilities.compareAndSet is true (the Cache otherwise emulates it)',
        ).toBeUndefined();
      });
      return;
    }

    it('declares capabilities.compareAndSet: true and implements compareAndSet()', async () => {
      const adapter = await harness.adapter();
      expect(adapter.capabilities.compareAndSet).toBe(true);
      expect(typeof adapter.compareAndSet).toBe('function');
    });

    it('an add (expected undefined) on an absent key stores the entry and resolves true', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      expect(await compareAndSet([['k', undefined, entry('added')]])).toEqual([true]);
      expect(await payloadOf(adapter, 'k')).toBe('added');
      expect(payloads(await adapter.getMany(['k']))).toEqual(['added']);
    });

    it('an add on a present key resolves false and leaves the entry unchanged', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      await compareAndSet([['added', undefined, entry('first')]]);
      await adapter.set('set', entry('by set'));
      expect(
        await compareAndSet([
          ['added', undefined, entry('second')],
          ['set', undefined, entry('second')],
        ]),
      ).toEqual([false, false]);
      expect(payloads(await adapter.getMany(['added', 'set']))).toEqual(['first', 'by set']);
    });

    it(
      'an expired entry counts as absent: an add stores, a replace of its payload resolves false',
      async () => {
        startClock();
        const adapter = await harness.adapter();
        const compareAndSet = compareAndSetOf(adapter);
        const expiresAt = Date.now() + shortTtl;
        // Only the sentinel is read while waiting, so the adapter's own comparison
        // meets the other two expired (not already removed by a read).
        await adapter.setMany([
          ['sentinel', entry('old', expiresAt)],
          ['added', entry('old', expiresAt)],
          ['replaced', entry('old', expiresAt)],
        ]);
        await expectExpires(adapter, 'sentinel', expiresAt);
        expect(
          await compareAndSet([
            ['added', undefined, entry('new')],
            ['replaced', 'old', entry('new')],
          ]),
        ).toEqual([true, false]);
        expect(payloads(await adapter.getMany(['added', 'replaced']))).toEqual(['new', undefined]);
      },
      timeout,
    );

    it(
      'a replace with the current payload stores the new entry with its own expiry, or none',
      async () => {
        startClock();
        const adapter = await harness.adapter();
        const compareAndSet = compareAndSetOf(adapter);
        await withShortTtl(async (ttl) => {
          const leaseExpiresAt = Date.now() + ttl;
          await adapter.setMany([
            ['old-expiry', entry('sentinel', leaseExpiresAt)],
            ['forever', entry('lease', leaseExpiresAt)],
            ['shorter', entry('lease', Date.now() + DAY)],
          ]);
          const fillExpiresAt = Date.now() + ttl;
          const stored = await compareAndSet([
            ['forever', 'lease', entry('filled')],
            ['shorter', 'lease', entry('filled', fillExpiresAt)],
          ]);
          beforeExpiry(leaseExpiresAt);
          expect(stored).toEqual([true, true]);
          const filled = payloads(await adapter.getMany(['forever', 'shorter']));
          beforeExpiry(fillExpiresAt);
          expect(filled).toEqual(['filled', 'filled']);
          // The new expiry applies, although the old one was a day away...
          await expectExpires(adapter, 'shorter', fillExpiresAt);
          // ...and an entry without expiry outlives the expiry of what it replaced.
          await expectExpires(adapter, 'old-expiry', leaseExpiresAt);
          expect(await payloadOf(adapter, 'forever'), 'past the replaced entry’s expiresAt').toBe(
            'filled',
          );
        });
        if (clock) {
          vi.setSystemTime(Date.now() + 10 * 365 * DAY);
          expect(await payloadOf(adapter, 'forever'), 'ten years later').toBe('filled');
        }
      },
      timeout === undefined ? undefined : 2 * timeout,
    );

    it('a replace with any other payload resolves false and leaves the entry unchanged', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      await adapter.set('k', entry('current'));
      const misses = ['other', 'curren', 'current ', 'Current', 'currentcurrent'];
      expect(
        await compareAndSet(misses.map((expected) => ['k', expected, entry(`not ${expected}`)])),
      ).toEqual(misses.map(() => false));
      expect(await payloadOf(adapter, 'k')).toBe('current');
    });

    it('after delete or deleteMany, a replace of the deleted payload resolves false and stores nothing', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      await adapter.setMany([
        ['deleted', entry('lease')],
        ['deleted-many', entry('lease')],
      ]);
      expect(await adapter.delete('deleted')).toBe(true);
      expect(await adapter.deleteMany(['deleted-many'])).toBe(1);
      expect(
        await compareAndSet([
          ['deleted', 'lease', entry('filled')],
          ['deleted-many', 'lease', entry('filled')],
        ]),
      ).toEqual([false, false]);
      expect(payloads(await adapter.getMany(['deleted', 'deleted-many']))).toEqual([
        undefined,
        undefined,
      ]);
    });

    it('after clear, a replace resolves false and stores nothing', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      await adapter.setMany([
        ['a', entry('lease a')],
        ['b', entry('lease b', Date.now() + DAY)],
      ]);
      await adapter.clear();
      expect(
        await compareAndSet([
          ['a', 'lease a', entry('filled')],
          ['b', 'lease b', entry('filled')],
        ]),
      ).toEqual([false, false]);
      expect(payloads(await adapter.getMany(['a', 'b']))).toEqual([undefined, undefined]);
    });

    it('payloads compare exactly: empty, falsy-looking, whitespace, NUL, Unicode, every code unit', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      let large = everyCodeUnitPayload();
      while (Buffer.byteLength(large) > maxValueBytes) large = large.slice(0, large.length / 2);
      const cases: ReadonlyArray<readonly [payload: string, nearMisses: readonly string[]]> = [
        ...EXACT_PAYLOADS,
        // Same length with a different first code unit, and a prefix.
        [large, [`x${large.slice(1)}`, large.slice(0, -2)]],
      ];
      const keys = cases.map((_, index) => `exact-${index}`);
      await adapter.setMany(cases.map(([payload], index) => [keys[index]!, entry(payload)]));
      const nearMisses = cases.flatMap(([, misses], index) =>
        misses.map((expected) => [keys[index]!, expected, entry(`wrong ${index}`)] as const),
      );
      const missed = await compareAndSet(nearMisses);
      expect(
        nearMisses.flatMap(([key, expected], index) =>
          missed[index] === false
            ? []
            : [`${key}: expected ${JSON.stringify(expected.slice(0, 20))} matched`],
        ),
        'near misses that matched',
      ).toEqual([]);
      expect(
        await compareAndSet(keys.map((key) => [key, undefined, entry('added over a value')])),
        'adds on keys holding these payloads (an empty payload is a value, not absence)',
      ).toEqual(keys.map(() => false));
      expect(
        await compareAndSet([['absent', '', entry('filled')]]),
        'expected "" on an absent key is not an add',
      ).toEqual([false]);
      expect(await adapter.get('absent')).toBeUndefined();
      expect(
        await compareAndSet(
          cases.map(([payload], index) => [keys[index]!, payload, entry(`replaced ${index}`)]),
        ),
        'replaces with the exact payloads',
      ).toEqual(keys.map(() => true));
      expect(payloads(await adapter.getMany(keys))).toEqual(
        keys.map((_, index) => `replaced ${index}`),
      );
    });

    it('a key given twice in one call is applied in input order', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      expect(
        await compareAndSet([
          ['k', undefined, entry('A')],
          ['k', undefined, entry('B')],
          ['k', 'A', entry('C')],
          ['other', undefined, entry('O')],
          ['k', 'A', entry('D')],
          ['k', 'C', entry('E')],
        ]),
      ).toEqual([true, false, true, true, false, true]);
      expect(payloads(await adapter.getMany(['k', 'other']))).toEqual(['E', 'O']);
    });

    const bound = 3 * options.timeoutMilliseconds + 1000;
    it(
      'an empty call resolves to [] without a round trip (also on an unreachable backend)',
      async () => {
        const adapter = await harness.adapter();
        expect(await compareAndSetOf(adapter)([])).toEqual([]);
        if (options.unreachableFactory === undefined) return;
        let unreachable: CacheAdapter;
        try {
          unreachable = await harness.unreachableAdapter();
        } catch (error) {
          // Connecting eagerly is allowed, failing with the typed error.
          expect(BackendUnavailableError.isInstance(error), describeError(error)).toBe(true);
          return;
        }
        const outcome = await withDeadline(
          Promise.resolve().then(() => compareAndSetOf(unreachable)([])),
          bound,
          'compareAndSet([]) on an unreachable backend',
        );
        expect(
          outcome.settled === 'rejected' ? describeError(outcome.error) : outcome.value,
          'compareAndSet([]) on an unreachable backend',
        ).toEqual([]);
      },
      bound + 5000,
    );

    it(`handles ${MANY.toLocaleString('en-US')} keys in one call`, async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      const keys = Array.from({ length: MANY }, (_, index) => `key-${index}`);
      const added = await compareAndSet(
        keys.map((key, index) => [key, undefined, entry(`lease-${index}`)]),
      );
      expect(added).toHaveLength(MANY);
      expect(
        added.every((stored) => stored === true),
        'every add resolved true',
      ).toBe(true);
      // Every other key still holds its lease; the others were taken by someone else.
      const replaced = await compareAndSet(
        keys.map((key, index) => [
          key,
          index % 2 === 0 ? `lease-${index}` : `lease-${index + 1}`,
          entry(`value-${index}`),
        ]),
      );
      expect(replaced).toEqual(keys.map((_, index) => index % 2 === 0));
      expect(payloads(await adapter.getMany(keys))).toEqual(
        keys.map((_, index) => (index % 2 === 0 ? `value-${index}` : `lease-${index}`)),
      );
    });

    if (maxValueBytes <= MAX_TESTED_VALUE_BYTES) {
      it(`a payload over maxValueBytes (${maxValueBytes}) rejects with ValueTooLargeError before anything is written`, async () => {
        const adapter = await harness.adapter();
        const compareAndSet = compareAndSetOf(adapter);
        await adapter.set('kept', entry('old'));
        const atLimit = 'a'.repeat(maxValueBytes);
        await expectPcError(
          () =>
            compareAndSet([
              ['new', undefined, entry('small')],
              ['kept', 'old', entry(`${atLimit}a`)],
            ]),
          ValueTooLargeError,
          'compareAndSet with one payload of maxValueBytes + 1',
        );
        // Counted in UTF-8 bytes, not UTF-16 code units.
        await expectPcError(
          () =>
            compareAndSet([
              ['new', undefined, entry('small')],
              ['kept', 'old', entry('é'.repeat(Math.floor(maxValueBytes / 2) + 1))],
            ]),
          ValueTooLargeError,
          'compareAndSet with one payload of two-byte characters over maxValueBytes',
        );
        expect(await payloadOf(adapter, 'kept'), 'the old entry is untouched').toBe('old');
        expect(await adapter.get('new'), 'compareAndSet wrote nothing').toBeUndefined();
        expect(await compareAndSet([['kept', 'old', entry(atLimit)]])).toEqual([true]);
        expectSameString(await payloadOf(adapter, 'kept'), atLimit, 'payload at the limit');
      });
    } else {
      it(`a ${LARGE_UNLIMITED_VALUE_BYTES / 1024 / 1024} MiB payload is added and compared (maxValueBytes ${maxValueBytes} is too large to build in a test)`, async () => {
        const adapter = await harness.adapter();
        const compareAndSet = compareAndSetOf(adapter);
        const large = 'L'.repeat(LARGE_UNLIMITED_VALUE_BYTES);
        expect(await compareAndSet([['large', undefined, entry(large)]])).toEqual([true]);
        expect(await compareAndSet([['large', `${large}L`, entry('no')]])).toEqual([false]);
        expect(await compareAndSet([['large', large, entry('replaced')]])).toEqual([true]);
        expect(await payloadOf(adapter, 'large')).toBe('replaced');
      });
    }

    it('an empty or non-string key rejects with InvalidKeyError before anything is written', async () => {
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      for (const key of ['', 42 as unknown as string]) {
        await expectPcError(
          () =>
            compareAndSet([
              ['written-first', undefined, entry('v')],
              [key, undefined, entry('v')],
            ]),
          InvalidKeyError,
          `compareAndSet with the key ${JSON.stringify(key)}`,
        );
      }
      expect(await adapter.get('written-first'), 'compareAndSet wrote nothing').toBeUndefined();
    });

    it('an entry whose expiresAt is at or before now removes the current entry when the condition holds, and resolves false', async () => {
      startClock();
      const adapter = await harness.adapter();
      const compareAndSet = compareAndSetOf(adapter);
      await adapter.setMany([
        ['now', entry('lease')],
        ['past', entry('lease', Date.now() + DAY)],
        ['mismatch', entry('other')],
      ]);
      expect(
        await compareAndSet([
          ['now', 'lease', entry('filled', Date.now())],
          ['past', 'lease', entry('filled', Date.now() - 60_000)],
          ['mismatch', 'lease', entry('filled', Date.now() - 1)],
          ['absent', undefined, entry('filled', Date.now() - 1)],
        ]),
      ).toEqual([false, false, false, false]);
      expect(payloads(await adapter.getMany(['now', 'past', 'mismatch', 'absent']))).toEqual([
        undefined,
        undefined,
        'other',
        undefined,
      ]);
    });

    const through = capabilities.sharedAcrossInstances ? ' through two instances' : '';
    /** Two adapters of one namespace when they share a backend, else one adapter twice. */
    const pair = async (): Promise<readonly [CacheAdapter, CacheAdapter]> => {
      const context = harness.context();
      const first = await harness.adapter(context);
      return [first, capabilities.sharedAcrossInstances ? await harness.adapter(context) : first];
    };

    it(`${RACERS} concurrent adds of one key${through}: exactly one resolves true, and its entry is stored`, async () => {
      const [first, second] = await pair();
      const adds = [compareAndSetOf(first), compareAndSetOf(second)];
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, racer) =>
          adds[racer % 2]!([['k', undefined, entry(`racer ${racer}`)]]),
        ),
      );
      const winners = results.flatMap(([stored], racer) => (stored === true ? [racer] : []));
      expect(winners.length, 'adds that resolved true').toBe(1);
      expect(await payloadOf(first, 'k')).toBe(`racer ${winners[0]}`);
      expect(await payloadOf(second, 'k')).toBe(`racer ${winners[0]}`);
    });

    it(`a replace racing a delete of the same key${through} never leaves its entry behind`, async () => {
      const [first, second] = await pair();
      const compareAndSet = compareAndSetOf(first);
      const keys = Array.from({ length: RACED_KEYS }, (_, index) => `raced-${index}`);
      await first.setMany(keys.map((key) => [key, entry(`lease ${key}`)]));
      // The replace starts first, the delete on the same tick. Atomically, either the
      // replace came first (the delete then removes the new entry) or the delete did
      // (the replace then finds no lease and writes nothing): both leave the key
      // absent. A read-then-write emulation writes after the delete.
      const races = await Promise.all(
        keys.map((key) =>
          Promise.all([
            compareAndSet([[key, `lease ${key}`, entry(`filled ${key}`)]]),
            second.delete(key),
          ]),
        ),
      );
      const after = payloads(await first.getMany(keys));
      const violations = keys.flatMap((key, index) => {
        const [[replaced], deleted] = races[index]!;
        if (deleted && after[index] === undefined) return [];
        return [
          `${key}: compareAndSet ${String(replaced)}, delete ${String(deleted)}, then ${after[index] === undefined ? 'absent' : JSON.stringify(after[index])}`,
        ];
      });
      expect(
        violations.length,
        `keys left behind or not deleted after a replace raced a delete (the delete removes the lease or the new entry, either way nothing stays): ${violations.slice(0, 3).join('; ')}`,
      ).toBe(0);
    });

    it(`a replace racing a set of the same key${through} never overwrites the newer entry`, async () => {
      const [first, second] = await pair();
      const compareAndSet = compareAndSetOf(first);
      const keys = Array.from({ length: RACED_KEYS }, (_, index) => `raced-${index}`);
      await first.setMany(keys.map((key) => [key, entry(`lease ${key}`)]));
      // Atomically, either the replace came first (the set then overwrites it) or the
      // set did (the replace then finds no lease): the set's entry stays either way.
      const races = await Promise.all(
        keys.map((key) =>
          Promise.all([
            compareAndSet([[key, `lease ${key}`, entry(`filled ${key}`)]]),
            second.set(key, entry(`newer ${key}`)),
          ]),
        ),
      );
      const after = payloads(await first.getMany(keys));
      const violations = keys.flatMap((key, index) => {
        if (after[index] === `newer ${key}`) return [];
        const [[replaced], set] = races[index]!;
        return [
          `${key}: compareAndSet ${String(replaced)}, set ${String(set)}, then ${JSON.stringify(after[index])}`,
        ];
      });
      expect(
        violations.length,
        `keys where the replace overwrote a newer set: ${violations.slice(0, 3).join('; ')}`,
      ).toBe(0);
    });

    if (capabilities.nativeTags) {
      it('compareAndSetTagged compares as compareAndSet and replaces the tags of what it stores', async () => {
        const adapter = (await harness.adapter()) as NativeTagAdapter;
        expect(typeof adapter.compareAndSetTagged, 'compareAndSetTagged() is implemented').toBe(
          'function',
        );
        const compareAndSetTagged = (
          items: ReadonlyArray<readonly [string, string | undefined, AdapterEntry, string[]]>,
        ) => adapter.compareAndSetTagged!(items);
        expect(
          await compareAndSetTagged([
            ['k', undefined, entry('lease'), ['old']],
            ['kept', undefined, entry('kept'), ['kept']],
          ]),
        ).toEqual([true, true]);
        expect(await compareAndSetTagged([['k', undefined, entry('again'), ['never']]])).toEqual([
          false,
        ]);
        expect(
          await compareAndSetTagged([
            ['k', 'lease', entry('filled'), ['new']],
            ['kept', 'wrong', entry('not stored'), ['old']],
          ]),
        ).toEqual([true, false]);
        expect(payloads(await adapter.getMany(['k', 'kept']))).toEqual(['filled', 'kept']);
        await adapter.invalidateTags(['old', 'never']);
        expect(
          payloads(await adapter.getMany(['k', 'kept'])),
          'tags of the replaced entry and of writes that failed are not associated',
        ).toEqual(['filled', 'kept']);
        await adapter.invalidateTags(['new']);
        expect(payloads(await adapter.getMany(['k', 'kept']))).toEqual([undefined, 'kept']);
      });
    }
  });
}

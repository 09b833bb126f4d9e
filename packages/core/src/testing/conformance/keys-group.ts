import { describe, expect, it } from 'vitest';
import { InvalidKeyError } from '../../errors/invalid-key-error.js';
import { UnsupportedCapabilityError } from '../../errors/unsupported-capability-error.js';
import {
  type ConformanceHarness,
  entry,
  expectDistinctKeys,
  expectPcError,
  listKeys,
  payloadOf,
} from './conformance-harness.js';

const LONG = 10 * 1024;
const PAST_250 = 'x'.repeat(250);
/** 125 two-byte characters: byte 250 falls right after them. */
const PAST_250_MULTIBYTE = 'é'.repeat(125);

const UNICODE_KEYS = [
  'é', // NFC
  'e\u0301', // NFD of the same text: a different key
  'ключ',
  '键',
  'キー',
  '🔑',
  '👨‍👩‍👧',
  'Key',
  'key',
  'KEY',
  'ß',
  'SS',
  'İ',
  'i',
  'ǅ',
];

const WHITESPACE_AND_CONTROL_KEYS = [
  ' ',
  '  ',
  'a b',
  ' leading',
  'trailing ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  'line\nbreak',
  'get k\r\nset',
  '\u0000',
  'a\u0000b',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u200b',
];

const RESERVED_KEYS = [
  ':',
  '::',
  'a:b',
  '.',
  '..',
  '../x',
  '../../etc/passwd',
  '/',
  '/a',
  'a/',
  'a//b',
  '\\',
  'a\\b',
  '..\\x',
  '%',
  '%2F',
  '%25',
  '%00',
  '*',
  '?',
  '{}',
  '{a}',
  '{a}b',
  '#',
  '[',
  ']',
  '~',
  '$',
  '"',
  "'",
  '<>',
  '|',
  'CON',
  'nul',
  'a.',
  '-',
  '+',
  '=',
  '&',
  '@',
  'e:k',
  't:k',
];

/** Key handling: any non-empty string is a key, encoding is injective, namespaces hold. */
export function registerKeysGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  describe('keys', () => {
    it('an empty or non-string key rejects with InvalidKeyError before anything is written', async () => {
      const adapter = await harness.adapter();
      const notAString = 42 as unknown as string;
      await expectPcError(() => adapter.get(''), InvalidKeyError, 'get("")');
      await expectPcError(() => adapter.get(notAString), InvalidKeyError, 'get(42)');
      await expectPcError(
        () => adapter.getMany(['ok', '']),
        InvalidKeyError,
        'getMany(["ok", ""])',
      );
      await expectPcError(() => adapter.set('', entry('v')), InvalidKeyError, 'set("")');
      await expectPcError(
        () =>
          adapter.setMany([
            ['written-first', entry('v')],
            ['', entry('v')],
          ]),
        InvalidKeyError,
        'setMany with an empty key',
      );
      await expectPcError(
        () =>
          adapter.setMany([
            ['written-first', entry('v')],
            [notAString, entry('v')],
          ]),
        InvalidKeyError,
        'setMany with a non-string key',
      );
      expect(await adapter.get('written-first'), 'setMany wrote nothing').toBeUndefined();
      await adapter.set('kept', entry('v'));
      await expectPcError(() => adapter.delete(''), InvalidKeyError, 'delete("")');
      await expectPcError(
        () => adapter.deleteMany(['kept', '']),
        InvalidKeyError,
        'deleteMany(["kept", ""])',
      );
      expect(await payloadOf(adapter, 'kept'), 'deleteMany deleted nothing').toBe('v');
    });

    it('10 kB keys work and stay distinct', async () => {
      const adapter = await harness.adapter();
      const ascii = 'k'.repeat(LONG);
      await expectDistinctKeys(adapter, [
        ascii,
        `${ascii.slice(1)}j`,
        `${ascii}k`,
        'é'.repeat(LONG / 2),
        '🔑'.repeat(LONG / 4),
      ]);
    });

    it('keys that differ only past byte 250 stay distinct', async () => {
      const adapter = await harness.adapter();
      await expectDistinctKeys(adapter, [
        PAST_250,
        `${PAST_250}1`,
        `${PAST_250}2`,
        `${PAST_250}${'y'.repeat(100)}`,
        `${PAST_250}${'y'.repeat(99)}z`,
        `${PAST_250_MULTIBYTE}1`,
        `${PAST_250_MULTIBYTE}2`,
        `${PAST_250_MULTIBYTE.slice(1)}a1`,
        `${PAST_250_MULTIBYTE.slice(1)}a2`,
      ]);
    });

    it('Unicode keys work and stay distinct (no normalization, no case folding)', async () => {
      const adapter = await harness.adapter();
      await expectDistinctKeys(adapter, UNICODE_KEYS);
    });

    it('whitespace and control characters work and stay distinct', async () => {
      const adapter = await harness.adapter();
      await expectDistinctKeys(adapter, WHITESPACE_AND_CONTROL_KEYS);
    });

    it('reserved characters (: .. / \\ % * {}) work and stay distinct', async () => {
      const adapter = await harness.adapter();
      await expectDistinctKeys(adapter, RESERVED_KEYS);
    });

    it('a key with a lone surrogate is rejected with InvalidKeyError or kept distinct', async () => {
      // Lone surrogates have no UTF-8 form: an adapter that encodes keys as UTF-8
      // would map both to U+FFFD. Rejecting them is allowed; colliding is not.
      const adapter = await harness.adapter();
      const lone = ['\ud800', '\udc00', 'a\ud83d'];
      const accepted: string[] = [];
      for (const key of lone) {
        try {
          await adapter.set(key, entry('probe'));
          accepted.push(key);
        } catch (error) {
          expect(
            InvalidKeyError.isInstance(error),
            `set(${JSON.stringify(key)}) threw ${String(error)}`,
          ).toBe(true);
        }
      }
      await adapter.deleteMany(accepted);
      await expectDistinctKeys(adapter, [...accepted, '\ufffd', 'a\ufffd', '?']);
    });

    if (capabilities.enumerateKeys) {
      it('keys() lists every key exactly as it was given', async () => {
        const adapter = await harness.adapter();
        const keys = [
          ...UNICODE_KEYS,
          ...WHITESPACE_AND_CONTROL_KEYS,
          ...RESERVED_KEYS,
          `${PAST_250}1`,
          'k'.repeat(LONG),
        ];
        await adapter.setMany(keys.map((key) => [key, entry('v')]));
        await adapter.delete('..');
        expect(await listKeys(adapter)).toEqual(keys.filter((key) => key !== '..').sort());
      });
    } else {
      it('keys() is absent or rejects with UnsupportedCapabilityError (capabilities.enumerateKeys: false)', async () => {
        const adapter = await harness.adapter();
        if (adapter.keys === undefined) return;
        await expectPcError(
          async () => {
            for await (const _ of adapter.keys!()) break;
          },
          UnsupportedCapabilityError,
          'keys()',
        );
      });
    }

    it('adapters of different namespaces never see each other’s keys', async () => {
      const base = harness.context();
      const other = { namespace: `${base.namespace}-a` };
      const first = await harness.adapter(base);
      const second = await harness.adapter(other);
      // Keys that would collide under a naive `${namespace}${separator}${key}` join.
      const tricky = ['-a:k', '-a/k', '-a_k', '-ak', '-a\\k', ':k', '/k', '_k'];
      await first.setMany(tricky.map((key) => [key, entry(`first ${key}`)]));
      await second.set('k', entry('second k'));
      await second.set(':k', entry('second :k'));
      expect(await payloadOf(first, 'k')).toBeUndefined();
      expect(await payloadOf(second, 'k')).toBe('second k');
      expect(await payloadOf(second, ':k')).toBe('second :k');
      for (const key of tricky) {
        expect(await payloadOf(first, key), `first ${key}`).toBe(`first ${key}`);
      }
      expect(await payloadOf(first, ':k')).toBe('first :k');
      expect(await second.delete('-a:k')).toBe(false);
      expect(await second.deleteMany(tricky)).toBe(1);
      expect(await payloadOf(first, '-a:k')).toBe('first -a:k');
      expect(await payloadOf(first, ':k')).toBe('first :k');
      if (capabilities.enumerateKeys) {
        expect(await listKeys(second)).toEqual(['k']);
        expect(await listKeys(first)).toEqual([...tricky].sort());
      }
    });
  });
}

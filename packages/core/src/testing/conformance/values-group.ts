import { describe, expect, it } from 'vitest';
import { ValueTooLargeError } from '../../errors/value-too-large-error.js';
import { createCache } from '../../index.js';
import {
  type ConformanceHarness,
  entry,
  expectPcError,
  expectSameString,
  payloadOf,
} from './conformance-harness.js';
import { recordingAdapter } from './recording-adapter.js';

/** The largest value the suite builds in memory for the size tests. */
export const MAX_TESTED_VALUE_BYTES = 64 * 1024 * 1024;
export const LARGE_UNLIMITED_VALUE_BYTES = 4 * 1024 * 1024;

const SERIALIZER_CASES: ReadonlyArray<readonly [name: string, value: unknown]> = [
  [
    'strings',
    ['', 'text', 'ünï©ødé 🔑', 'a\u0000b', 'lone \ud800 surrogate', '\n\r\t', '"quoted"'],
  ],
  ['numbers', [1, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 1e308]],
  ['NaN, Infinity and -0', [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]],
  ['booleans and null', [true, false, null]],
  [
    'nested objects and arrays',
    { a: { b: [1, { c: 'd' }, []], e: {} }, 'key with spaces': [[[]]] },
  ],
  ['Date', new Date('2024-02-29T12:34:56.789Z')],
  [
    'Map with non-string keys',
    new Map<unknown, unknown>([
      [1, 'one'],
      ['1', 'string one'],
      [null, [1]],
    ]),
  ],
  ['Set', new Set([1, '1', 'two', null])],
  ['BigInt', [0n, -1n, 2n ** 130n, -(2n ** 70n)]],
  ['Uint8Array', new Uint8Array([0, 1, 127, 128, 255])],
  ['nested undefined', { a: undefined, b: [undefined, 1, undefined], c: { d: undefined } }],
  [
    'a mix of everything',
    {
      when: new Date(0),
      tags: new Set(['a']),
      index: new Map([['k', { n: 1n, bytes: new Uint8Array([9]) }]]),
      nothing: undefined,
    },
  ],
];

/** Every BMP scalar value (U+0000-U+FFFF without surrogates) and astral characters. */
export function everyCodeUnitPayload(): string {
  const parts: string[] = [];
  for (let code = 0; code <= 0xffff; code += 1) {
    if (code < 0xd800 || code > 0xdfff) parts.push(String.fromCharCode(code));
  }
  for (let code = 0x10000; code <= 0x10ffff; code += 0x1fff) parts.push(String.fromCodePoint(code));
  parts.push('\u{1f511}\u{10ffff}');
  return parts.join('');
}

/**
 * Values through a Cache over the adapter, plus the raw-payload contract.
 *
 * Payload decision: adapters must return every payload unchanged when it is
 * well-formed UTF-16 (every code unit except unpaired surrogates, `\u0000`
 * included). Unpaired surrogates have no UTF-8 form, so a backend speaking UTF-8
 * cannot keep them; the Cache never produces them (its serializer escapes them
 * as JSON does), and the suite checks that too.
 */
export function registerValuesGroup(harness: ConformanceHarness): void {
  const { capabilities } = harness;
  const maxValueBytes = capabilities.maxValueBytes;
  describe('values', () => {
    it.each(SERIALIZER_CASES)('round-trips %s through a Cache', async (_, value) => {
      const cache = createCache({ adapter: await harness.adapter() });
      expect(await cache.set('value', value)).toBe(true);
      const read = await cache.get('value');
      expect(read).toStrictEqual(value);
      if (Array.isArray(value) && value.includes(-0)) {
        expect(Object.is((read as unknown[])[value.indexOf(-0)], -0), '-0 keeps its sign').toBe(
          true,
        );
      }
      expect(await cache.getMany(['value'])).toStrictEqual([value]);
    });

    it('falsy values are hits', async () => {
      const cache = createCache({ adapter: await harness.adapter() });
      const falsy: ReadonlyArray<readonly [string, unknown]> = [
        ['zero', 0],
        ['empty', ''],
        ['false', false],
        ['null', null],
        ['zero-bigint', 0n],
        ['nan', Number.NaN],
      ];
      await cache.setMany(falsy.map(([key, value]) => ({ key, value })));
      for (const [key, value] of falsy) {
        expect(await cache.get(key), key).toStrictEqual(value);
        expect(await cache.has(key), `has(${key})`).toBe(true);
      }
      expect(await cache.getMany(falsy.map(([key]) => key))).toStrictEqual(
        falsy.map(([, value]) => value),
      );
    });

    it('binary values keep every byte 0-255', async () => {
      const cache = createCache({ adapter: await harness.adapter() });
      const everyByte = Uint8Array.from({ length: 256 }, (_, index) => index);
      const noise = new Uint8Array(Math.min(64 * 1024, Math.floor(maxValueBytes / 4)));
      let seed = 7;
      for (let index = 0; index < noise.length; index += 1) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        noise[index] = seed & 0xff;
      }
      await cache.set('every-byte', everyByte);
      await cache.set('noise', noise);
      expect(await cache.get('every-byte')).toStrictEqual(everyByte);
      const read = await cache.get('noise');
      expect(read).toBeInstanceOf(Uint8Array);
      // Buffer.equals: a structural diff of 64 k elements would take most of a second.
      expect(Buffer.from(read as Uint8Array).equals(Buffer.from(noise)), 'noise bytes').toBe(true);
    });

    it('a raw payload with every UTF-16 code unit except unpaired surrogates comes back unchanged', async () => {
      const adapter = await harness.adapter();
      let payload = everyCodeUnitPayload();
      while (Buffer.byteLength(payload) > maxValueBytes)
        payload = payload.slice(0, payload.length / 2);
      await adapter.set('every-code-unit', entry(payload));
      expectSameString(await payloadOf(adapter, 'every-code-unit'), payload, 'get');
      expectSameString(
        (await adapter.getMany(['every-code-unit']))[0]?.payload,
        payload,
        'getMany',
      );
    });

    it('a string with unpaired surrogates reaches the adapter as a well-formed payload and reads back', async () => {
      const recorder = recordingAdapter(await harness.adapter());
      const cache = createCache({ adapter: recorder.adapter });
      const value = { text: 'x\ud800y\udc00z', key: '\udbff' };
      await cache.set('lone', value);
      for (const payload of recorder.log.written.values()) {
        expect((payload as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true);
      }
      expect(await cache.get('lone')).toStrictEqual(value);
    });

    if (maxValueBytes <= MAX_TESTED_VALUE_BYTES) {
      it(`a payload of exactly maxValueBytes (${maxValueBytes}) is stored; one byte more rejects with ValueTooLargeError and writes nothing`, async () => {
        const adapter = await harness.adapter();
        const atLimit = 'a'.repeat(maxValueBytes);
        expect(await adapter.set('at-limit', entry(atLimit))).toBe(true);
        expectSameString(await payloadOf(adapter, 'at-limit'), atLimit, 'payload at the limit');
        await adapter.set('kept', entry('old'));
        await expectPcError(
          () => adapter.set('kept', entry(`${atLimit}a`)),
          ValueTooLargeError,
          'set of maxValueBytes + 1',
        );
        // Counted in UTF-8 bytes, not UTF-16 code units.
        const multibyte = 'é'.repeat(Math.floor(maxValueBytes / 2) + 1);
        await expectPcError(
          () => adapter.set('kept', entry(multibyte)),
          ValueTooLargeError,
          `set of ${multibyte.length} two-byte characters`,
        );
        await expectPcError(
          () =>
            adapter.setMany([
              ['new', entry('small')],
              ['kept', entry(`${atLimit}a`)],
            ]),
          ValueTooLargeError,
          'setMany with one payload too large',
        );
        expect(await payloadOf(adapter, 'kept'), 'the old entry is untouched').toBe('old');
        expect(await adapter.get('new'), 'setMany wrote nothing').toBeUndefined();
      });

      it('a Cache value over maxValueBytes rejects with ValueTooLargeError and keeps the old value', async () => {
        const cache = createCache({ adapter: await harness.adapter() });
        await cache.set('kept', 'old');
        await expectPcError(
          () => cache.set('kept', 'v'.repeat(maxValueBytes)),
          ValueTooLargeError,
          'Cache.set of a value over maxValueBytes',
        );
        expect(await cache.get('kept')).toBe('old');
        const half = 'h'.repeat(Math.floor(maxValueBytes / 2));
        expect(await cache.set('half', half)).toBe(true);
        expect(await cache.get('half')).toBe(half);
      });
    } else {
      it(`a ${LARGE_UNLIMITED_VALUE_BYTES / 1024 / 1024} MiB value round-trips (maxValueBytes ${maxValueBytes} is too large to build in a test)`, async () => {
        const cache = createCache({ adapter: await harness.adapter() });
        const large = 'L'.repeat(LARGE_UNLIMITED_VALUE_BYTES);
        await cache.set('large', large);
        expect(await cache.get('large')).toBe(large);
      });
    }

    it('values read back never alias what was set or what another read returned', async () => {
      const cache = createCache({ adapter: await harness.adapter() });
      const original = { list: [1, 2], nested: { flag: true }, bytes: new Uint8Array([1]) };
      await cache.set('object', original);
      original.list.push(3);
      original.nested.flag = false;
      original.bytes[0] = 9;
      const first = await cache.get<typeof original>('object');
      expect(first).toStrictEqual({
        list: [1, 2],
        nested: { flag: true },
        bytes: new Uint8Array([1]),
      });
      first!.list.push(4);
      first!.bytes[0] = 7;
      const second = await cache.get<typeof original>('object');
      expect(second).not.toBe(first);
      expect(second).toStrictEqual({
        list: [1, 2],
        nested: { flag: true },
        bytes: new Uint8Array([1]),
      });
    });

    it('a corrupt payload reads as a miss, never as an error', async () => {
      const recorder = recordingAdapter(await harness.adapter());
      const cache = createCache({ adapter: recorder.adapter });
      await cache.set('corrupt', { some: 'value' });
      await cache.set('fine', 'fine');
      const entryKeys = [...recorder.log.written.keys()];
      expect(
        entryKeys.length,
        'the Cache wrote the entries through the adapter',
      ).toBeGreaterThanOrEqual(2);
      const corruptKey = entryKeys[0]!;
      for (const garbage of ['', '\u0000', 'not an envelope', '1{"broken', '1\n{"unterminated']) {
        await recorder.adapter.set(corruptKey, entry(garbage));
        expect(await cache.get('corrupt'), `payload ${JSON.stringify(garbage)}`).toBeUndefined();
        expect(await cache.getMany(['corrupt', 'fine'])).toStrictEqual([undefined, 'fine']);
      }
    });
  });
}

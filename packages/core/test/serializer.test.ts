import { describe, expect, it } from 'vitest';
import { deserializeValue, SerializationError, serializeValue } from '../src/index.js';

function roundTrip<T>(value: T): T {
  return deserializeValue(serializeValue(value)) as T;
}

function deep(levels: number): unknown {
  let value: unknown = { leaf: true };
  for (let index = 0; index < levels; index++) value = { child: value, list: [index] };
  return value;
}

describe('serializeValue / deserializeValue', () => {
  const cases: Array<[string, unknown]> = [
    ['a string with Unicode and NUL', 'héllo \u0000 😀 \n\t'],
    ['an empty string', ''],
    ['zero', 0],
    ['a float', 0.1 + 0.2],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER],
    ['true', true],
    ['false', false],
    ['null', null],
    ['an empty object', {}],
    ['an empty array', []],
    ['nested JSON', { a: [1, 'two', { three: [null, false] }], b: { c: {} } }],
    ['nested undefined in an object', { a: undefined, b: 1 }],
    ['nested undefined in an array', [1, undefined, 3]],
    ['top-level undefined', undefined],
    ['a Date', new Date('2024-02-29T12:34:56.789Z')],
    [
      'a Map with object keys',
      new Map<unknown, unknown>([
        [{ id: 1 }, 'one'],
        ['k', new Set([1])],
      ]),
    ],
    ['a Set', new Set(['a', 1, null, { x: 2 }])],
    ['a BigInt', 123456789012345678901234567890n],
    ['a negative BigInt', -42n],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['an empty Map and Set', { m: new Map(), s: new Set() }],
    ['deeply nested JSON (past the fast path)', deep(200)],
    [
      'every type at once',
      {
        date: new Date(0),
        map: new Map([[1n, [new Uint8Array([1, 2])]]]),
        nested: { undefined, list: [Number.NaN, -0] },
      },
    ],
  ];

  it.each(cases)('round-trips %s', (_, value) => {
    expect(roundTrip(value)).toStrictEqual(value);
  });

  it('round-trips NaN and -0 exactly', () => {
    expect(Number.isNaN(roundTrip(Number.NaN))).toBe(true);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(Object.is(roundTrip([-0])[0], -0)).toBe(true);
    expect(Object.is(roundTrip(0), 0)).toBe(true);
  });

  it('round-trips an invalid Date', () => {
    const value = roundTrip(new Date(Number.NaN));
    expect(value).toBeInstanceOf(Date);
    expect(Number.isNaN(value.getTime())).toBe(true);
  });

  it('round-trips every byte 0-255 as a compact Uint8Array', () => {
    const bytes = new Uint8Array(256).map((_, index) => index);
    const text = serializeValue(bytes);
    const value = roundTrip(bytes);
    expect(value).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(value)).toBe(false);
    expect([...value]).toEqual([...bytes]);
    expect(text.length).toBeLessThan(400); // base64: 4 chars per 3 bytes, not a JSON number array
  });

  it('round-trips a Uint8Array view at an offset, and a Buffer as a Buffer', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect([...roundTrip(backing.subarray(2, 5))]).toEqual([1, 2, 3]);
    const buffer = Buffer.from([0, 255, 128]);
    const value = roundTrip(buffer);
    expect(Buffer.isBuffer(value)).toBe(true);
    expect(value.equals(buffer)).toBe(true);
  });

  it('turns array holes into undefined slots', () => {
    const sparse: number[] = [1];
    sparse[2] = 3;
    const value = roundTrip(sparse);
    expect(value).toHaveLength(3);
    expect(1 in value).toBe(true);
    expect(value[1]).toBeUndefined();
  });

  it('round-trips plain objects whose keys collide with type markers', () => {
    const value = {
      '~u': 1,
      '~d': 'not a date',
      '~m': [[1, 2]],
      '~~y': 'double',
      '~': 'bare',
      '~~': 'two',
      nested: [{ '~s': [1] }, { '~b': '5' }],
      inMap: new Map([['~n', { '~n': 'NaN' }]]),
    };
    expect(roundTrip(value)).toStrictEqual(value);
    expect(roundTrip({ '~u': 1 })).toStrictEqual({ '~u': 1 });
  });

  it('keeps the key order of objects with escaped keys', () => {
    const value = { a: 1, '~b': 2, c: 3 };
    expect(Object.keys(roundTrip(value))).toEqual(['a', '~b', 'c']);
  });

  it('keeps an own "__proto__" key as data, never as a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "when": 1}');
    const withDate = { ...value, at: new Date(1) };
    Object.defineProperty(withDate, '__proto__', { value: { polluted: true }, enumerable: true });
    for (const input of [value, withDate]) {
      const output = roundTrip(input);
      expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
      expect(Object.keys(output)).toContain('__proto__');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('reads null-prototype objects back as plain objects', () => {
    const value = Object.assign(Object.create(null), { a: 1, when: new Date(5) });
    expect(roundTrip(value)).toStrictEqual({ a: 1, when: new Date(5) });
  });

  it('keeps shared (non-circular) references as separate copies', () => {
    const shared = { n: 1 };
    const value = roundTrip({ a: shared, b: shared, s: new Set([shared]) });
    expect(value.a).toEqual(shared);
    expect(value.b).toEqual(shared);
  });

  it('stores plain JSON values as readable JSON', () => {
    const value = { id: 42, name: 'x', tags: ['a'] };
    expect(serializeValue(value)).toBe('j' + JSON.stringify(value));
  });

  it('returns a fresh value on every read', () => {
    const text = serializeValue({ list: [1], map: new Map([[1, { a: 1 }]]) });
    const first = deserializeValue(text) as { list: number[] };
    first.list.push(2);
    expect(deserializeValue(text)).toStrictEqual({ list: [1], map: new Map([[1, { a: 1 }]]) });
  });

  describe('refuses what it cannot encode, naming the path', () => {
    class Account {
      id = 1;
    }
    const circular: Record<string, unknown> = { a: { b: [] } };
    ((circular.a as Record<string, unknown>).b as unknown[]).push(circular);
    const mapCycle = new Map<string, unknown>();
    mapCycle.set('self', mapCycle);

    const failures: Array<[string, unknown, RegExp]> = [
      ['a function', { a: { b: [0, 1, () => 1] } }, /a function.* at \$\.a\.b\[2\]/],
      ['a named function', { load: function loadUser() {} }, /function \(loadUser\) at \$\.load/],
      ['a symbol', { s: Symbol('x') }, /a symbol \(Symbol\(x\)\) at \$\.s/],
      ['a top-level symbol', Symbol.iterator, /a symbol .* at \$;/],
      ['a circular reference', circular, /circular reference at \$\.a\.b\[0\]/],
      ['a circular Map', mapCycle, /circular reference at \$<map value 0>/],
      ['a class instance', { user: new Account() }, /instance of class Account at \$\.user/],
      ['an Int32Array', [new Int32Array(2)], /class Int32Array at \$\[0\]/],
      ['a RegExp', { 'odd key': /x/ }, /class RegExp at \$\["odd key"\]/],
      ['a WeakMap', new WeakMap(), /class WeakMap at \$;/],
      ['an Error', { error: new Error('x') }, /class Error at \$\.error/],
      ['a Promise in a Set', new Set([Promise.resolve()]), /class Promise at \$<set item 0>/],
      ['a boxed string', { s: new String('x') }, /class String at \$\.s/],
    ];

    it.each(failures)('%s', (_, value, message) => {
      let thrown: unknown;
      try {
        serializeValue(value);
      } catch (error) {
        thrown = error;
      }
      expect(SerializationError.isInstance(thrown)).toBe(true);
      expect((thrown as Error).message).toMatch(message);
    });
  });

  it('wraps an error thrown by a getter in SerializationError', () => {
    const value = {
      get broken(): never {
        throw new Error('boom');
      },
    };
    expect(() => serializeValue(value)).toThrow(SerializationError);
    expect(() => serializeValue({ nested: value, at: new Date(0) })).toThrow(/boom/);
  });

  it('throws SerializationError on text it did not produce', () => {
    for (const text of [
      '',
      'j{',
      'q{}',
      'x{"~q":1}',
      'x{"~b":"1.5"}',
      'x{"~m":[1]}',
      'x{"~d":"x"}',
      'x{"a":1,"~u":1}',
    ]) {
      expect(() => deserializeValue(text), text).toThrow(SerializationError);
    }
  });
});

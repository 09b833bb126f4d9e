import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CacheOptions,
  createBrotliCodec,
  createCache,
  createEncryptionCodec,
  createGzipCodec,
  InvalidOptionsError,
  type PayloadCodec,
  serializeValue,
} from '../src/index.js';
import { createGate } from '../src/testing/index.js';
import { MapAdapter } from './support/map-adapter.js';

const KEY_1 = randomBytes(32);
const KEY_2 = randomBytes(32);
const encryption = (current = 'k1', keys: Record<string, Uint8Array> = { k1: KEY_1 }) =>
  createEncryptionCodec({ keyring: { current, keys } });

function setup(codecs: CacheOptions['codecs'], adapter = new MapAdapter()) {
  return { adapter, cache: createCache({ adapter, codecs, burst: false }) };
}

/** The raw payload stored for the root key `key`. */
function payloadOf(adapter: MapAdapter, key: string): string {
  const entry = adapter.store.get(`e:${key}`);
  if (entry === undefined) throw new Error(`nothing stored at ${key}`);
  return entry.payload;
}

/** A format-2 payload taken apart: its codec marker, header line and body bytes. */
function parts(payload: string): { marker: string; header: string; bytes: Buffer } {
  expect(payload.charAt(0)).toBe('2');
  const [marker, header, body] = payload.slice(1).split('\n') as [string, string, string];
  return { marker, header, bytes: Buffer.from(body, 'base64') };
}

function rebuild(marker: string, header: string, bytes: Buffer): string {
  return `2${marker}\n${header}\n${bytes.toString('base64')}`;
}

const LARGE = {
  items: Array.from({ length: 40 }, (_, id) => ({
    id,
    title: `Quarterly report ${id}: what changed in the storage tier`,
    tags: ['storage', 'infrastructure', 'quarterly'],
  })),
};

const VALUES: Array<[string, unknown]> = [
  ['a string with Unicode and NUL', 'héllo \u0000 😀 \n\t'],
  ['an empty string', ''],
  ['zero', 0],
  ['-0', -0],
  ['NaN', Number.NaN],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['false', false],
  ['null', null],
  ['an empty object and array', { object: {}, array: [] }],
  ['nested undefined and holes', { a: undefined, list: [1, undefined, 3] }],
  ['a Date and an invalid Date', [new Date('2024-02-29T12:34:56.789Z'), new Date(Number.NaN)]],
  ['a Map and a Set', new Map<unknown, unknown>([[{ id: 1 }, new Set(['a', 1n])]])],
  ['a BigInt', -123456789012345678901234567890n],
  ['a Uint8Array', new Uint8Array([0, 1, 254, 255])],
  ['a Buffer', Buffer.from('binary \u0000 bytes')],
  ['an object with a marker-like key', { '~d': 1, '~~x': 'y' }],
  ['a large JSON value (compressed)', LARGE],
  ['a large value of every type (compressed)', { ...LARGE, map: new Map([[1n, new Date(0)]]) }],
];

const CHAINS: Array<[string, () => PayloadCodec[], string]> = [
  ['gzip', () => [createGzipCodec()], 'gzip'],
  ['brotli', () => [createBrotliCodec()], 'br'],
  ['AES-256-GCM', () => [encryption()], 'aes-256-gcm'],
  ['gzip then AES-256-GCM', () => [createGzipCodec(), encryption()], 'gzip,aes-256-gcm'],
  ['brotli then AES-256-GCM', () => [createBrotliCodec(), encryption()], 'br,aes-256-gcm'],
];

describe.each(CHAINS)('payload codecs: %s', (_, codecs, largeMarker) => {
  it.each(VALUES)('round-trips %s through set/get and getOrLoad', async (_, value) => {
    const { adapter, cache } = setup(codecs());
    await cache.set('k', value);
    expect(await cache.get('k')).toStrictEqual(value);
    expect(await cache.getOrLoad('loaded', () => value)).toStrictEqual(value);
    // Read back from L2 by a second process over the same adapter.
    const other = setup(codecs(), adapter).cache;
    expect(await other.getOrLoad('loaded', () => 'not this')).toStrictEqual(value);
  });

  it('marks a large value with the codecs that encoded it, and stores it smaller or sealed', async () => {
    const { adapter, cache } = setup(codecs());
    await cache.set('k', LARGE);
    const { marker } = parts(payloadOf(adapter, 'k'));
    expect(marker).toBe(largeMarker);
    const plain = serializeValue(LARGE);
    if (largeMarker.startsWith('aes')) {
      expect(payloadOf(adapter, 'k')).not.toContain('Quarterly');
    } else {
      expect(payloadOf(adapter, 'k').length).toBeLessThan(plain.length / 2);
    }
  });
});

describe('payload codecs: compression threshold', () => {
  /** A string value whose serialized body is exactly `bytes` bytes long. */
  function valueOfBodyBytes(bytes: number): string {
    const overhead = Buffer.byteLength(serializeValue(''));
    const value = 'a'.repeat(bytes - overhead);
    expect(Buffer.byteLength(serializeValue(value))).toBe(bytes);
    return value;
  }

  it.each([
    ['gzip', createGzipCodec({ thresholdBytes: 200 }), 'gzip'],
    ['brotli', createBrotliCodec({ thresholdBytes: 200 }), 'br'],
  ])(
    '%s leaves a body one byte under the threshold alone and compresses one at it',
    async (_, codec, id) => {
      const { adapter, cache } = setup([codec]);
      const under = valueOfBodyBytes(199);
      const at = valueOfBodyBytes(200);
      await cache.setMany([
        { key: 'under', value: under },
        { key: 'at', value: at },
      ]);
      expect(payloadOf(adapter, 'under')).toBe(`1\n${serializeValue(under)}`);
      expect(parts(payloadOf(adapter, 'at')).marker).toBe(id);
      expect(await cache.getMany(['under', 'at'])).toEqual([under, at]);
    },
  );

  it('stores a value uncompressed when compression would not make it smaller', async () => {
    const { adapter, cache } = setup([createGzipCodec({ thresholdBytes: 0 })]);
    // Gzip's header and trailer alone are 18 bytes.
    await cache.set('k', 'short');
    expect(payloadOf(adapter, 'k')).toBe(`1\n${serializeValue('short')}`);
    expect(await cache.get('k')).toBe('short');
  });

  it('uses 1024 bytes by default', async () => {
    const { adapter, cache } = setup([createGzipCodec()]);
    await cache.setMany([
      { key: 'under', value: valueOfBodyBytes(1023) },
      { key: 'at', value: valueOfBodyBytes(1024) },
    ]);
    expect(payloadOf(adapter, 'under').charAt(0)).toBe('1');
    expect(parts(payloadOf(adapter, 'at')).marker).toBe('gzip');
  });
});

describe('payload codecs: mixed entries', () => {
  it('reads compressed and uncompressed entries side by side, in one getMany and getManyOrLoad', async () => {
    const adapter = new MapAdapter();
    const before = setup(undefined, adapter).cache;
    await before.set('old-large', LARGE);
    const { cache } = setup([createGzipCodec()], adapter);
    await cache.setMany([
      { key: 'small', value: 'tiny' },
      { key: 'large', value: LARGE },
    ]);
    expect(payloadOf(adapter, 'old-large').charAt(0)).toBe('1');
    expect(payloadOf(adapter, 'small').charAt(0)).toBe('1');
    expect(parts(payloadOf(adapter, 'large')).marker).toBe('gzip');
    expect(await cache.getMany(['old-large', 'small', 'large'])).toEqual([LARGE, 'tiny', LARGE]);
    let loads = 0;
    const loaded = await cache.getManyOrLoad(['old-large', 'small', 'large'], async (keys) => {
      loads++;
      return keys.map(() => 'loaded');
    });
    expect(loaded).toEqual([LARGE, 'tiny', LARGE]);
    expect(loads).toBe(0);
  });

  it('reads gzip entries after a switch to brotli only while gzip is still listed', async () => {
    const adapter = new MapAdapter();
    await setup([createGzipCodec()], adapter).cache.set('k', LARGE);
    expect(await setup([createBrotliCodec(), createGzipCodec()], adapter).cache.get('k')).toEqual(
      LARGE,
    );
    // Without gzip the entry cannot be decoded: a miss, deleted like any corrupt entry.
    expect(await setup([createBrotliCodec()], adapter).cache.get('k')).toBeUndefined();
    expect(adapter.store.has('e:k')).toBe(false);
  });

  it('a cache without codecs reads a coded entry as a miss; older readers see a newer format', async () => {
    const adapter = new MapAdapter();
    await setup([createGzipCodec()], adapter).cache.set('k', LARGE);
    const plain = setup(undefined, adapter).cache;
    expect(await plain.getOrLoad('k', () => 'reloaded')).toBe('reloaded');
    expect(payloadOf(adapter, 'k')).toBe(`1\n${serializeValue('reloaded')}`);
  });

  it('reads a format-2 entry without a codec marker, or with garbage, as a corrupt miss', async () => {
    const { adapter, cache } = setup([createGzipCodec()]);
    for (const payload of ['2\n\nabc', '2gzip', '2gzip\n\n%%%%', '2nope\n\nH4sI']) {
      adapter.store.set('e:k', { payload });
      expect(await cache.get('k')).toBeUndefined();
      expect(adapter.store.has('e:k')).toBe(false);
    }
  });
});

describe('payload codecs: encryption', () => {
  async function sealed(codecs = [encryption()]) {
    const { adapter, cache } = setup(codecs);
    await cache.set('k', { secret: 'value', list: [1, 2, 3] });
    return { adapter, cache, ...parts(payloadOf(adapter, 'k')) };
  }

  // Layout: version (1), key id length (1), key id, IV (12), tag (16), ciphertext.
  const idStart = 2;
  const ivStart = idStart + 'k1'.length;
  const tagStart = ivStart + 12;
  const ciphertextStart = tagStart + 16;

  it.each([
    ['the ciphertext', ciphertextStart + 3],
    ['the auth tag', tagStart + 5],
    ['the IV', ivStart + 1],
    ['the key id', idStart + 1],
    ['the key id length', 1],
    ['the layout version', 0],
  ])('reads a value with one flipped bit in %s as a miss and deletes it', async (_, offset) => {
    const { adapter, cache, marker, header, bytes } = await sealed();
    const tampered = Buffer.from(bytes);
    tampered[offset]! ^= 0x01;
    adapter.store.set('e:k', { payload: rebuild(marker, header, tampered) });
    expect(await cache.get('k')).toBeUndefined();
    expect(adapter.store.has('e:k')).toBe(false);
  });

  it('reads every truncation of a sealed value as a miss', async () => {
    const { adapter, cache, marker, header, bytes } = await sealed();
    for (let length = 0; length < bytes.length; length++) {
      adapter.store.set('e:k', { payload: rebuild(marker, header, bytes.subarray(0, length)) });
      expect(await cache.get('k')).toBeUndefined();
    }
  });

  it('reads a sealed value copied to another key as a miss (the adapter key is authenticated)', async () => {
    const { adapter, cache } = await sealed();
    adapter.store.set('e:other', { payload: payloadOf(adapter, 'k') });
    expect(await cache.get('other')).toBeUndefined();
    expect(await cache.get('k')).toEqual({ secret: 'value', list: [1, 2, 3] });
  });

  it('rotates keys: old entries stay readable, new writes use the current key', async () => {
    const adapter = new MapAdapter();
    await setup([encryption('k1', { k1: KEY_1 })], adapter).cache.set('old', 'from k1');
    const rotated = setup([encryption('k2', { k1: KEY_1, k2: KEY_2 })], adapter).cache;
    expect(await rotated.get('old')).toBe('from k1');
    await rotated.set('new', 'from k2');
    const keyIdOf = (key: string) => {
      const { bytes } = parts(payloadOf(adapter, key));
      return bytes.toString('utf8', 2, 2 + bytes[1]!);
    };
    expect(keyIdOf('old')).toBe('k1');
    expect(keyIdOf('new')).toBe('k2');
    // k1 removed: its entries read as a miss and the next load replaces them.
    const removed = setup([encryption('k2', { k2: KEY_2 })], adapter).cache;
    expect(await removed.get('new')).toBe('from k2');
    expect(await removed.getOrLoad('old', () => 'reloaded')).toBe('reloaded');
    expect(keyIdOf('old')).toBe('k2');
  });

  it('reads an entry under the same key id but another key as a miss', async () => {
    const adapter = new MapAdapter();
    await setup([encryption('k1', { k1: KEY_1 })], adapter).cache.set('k', 'v');
    expect(await setup([encryption('k1', { k1: KEY_2 })], adapter).cache.get('k')).toBeUndefined();
  });

  it('reads clear-text entries as a miss unless required is false', async () => {
    const adapter = new MapAdapter();
    await setup(undefined, adapter).cache.set('k', 'planted');
    const lenient = createEncryptionCodec({
      keyring: { current: 'k1', keys: { k1: KEY_1 } },
      required: false,
    });
    expect(await setup([lenient], adapter).cache.get('k')).toBe('planted');
    expect(await setup([encryption()], adapter).cache.get('k')).toBeUndefined();
  });

  it('uses a fresh IV per value: the same value never seals the same way twice', async () => {
    const { adapter, cache } = setup([encryption()]);
    await cache.setMany([
      { key: 'a', value: 'same' },
      { key: 'b', value: 'same' },
    ]);
    const ivOf = (key: string) => parts(payloadOf(adapter, key)).bytes.subarray(ivStart, tagStart);
    expect(ivOf('a').equals(ivOf('b'))).toBe(false);
  });

  it('getOrLoad reads a tampered entry as a miss: the loader runs once and replaces it', async () => {
    const { adapter, cache, marker, header, bytes } = await sealed([
      createGzipCodec({ thresholdBytes: 0 }),
      encryption(),
    ]);
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1]! ^= 0x80;
    adapter.store.set('e:k', { payload: rebuild(marker, header, tampered) });
    let calls = 0;
    const loader = async () => {
      calls++;
      return { fresh: true };
    };
    expect(await cache.getOrLoad('k', loader)).toEqual({ fresh: true });
    expect(calls).toBe(1);
    const reader = setup([encryption()], adapter).cache;
    expect(await reader.getOrLoad('k', loader)).toEqual({ fresh: true });
    expect(calls).toBe(1);
  });

  it('reports an entry it cannot decrypt with a corrupt event, through get and getOrLoad', async () => {
    const adapter = new MapAdapter();
    const events: unknown[] = [];
    const writer = createCache({ adapter, codecs: [encryption('k1', { k1: KEY_1 })] });
    await writer.namespace('n').setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    const reader = createCache({
      adapter,
      codecs: [encryption('k2', { k2: KEY_2 })],
      onEvent: (event) => {
        if (event.type === 'corrupt') events.push(event);
      },
    }).namespace('n');
    expect(await reader.get('a')).toBeUndefined();
    expect(await reader.getOrLoad('b', () => 'loaded')).toBe('loaded');
    expect(events).toEqual([
      { type: 'corrupt', key: 'a', namespace: 'n' },
      { type: 'corrupt', key: 'b', namespace: 'n' },
    ]);
  });

  it('keeps leases and tag records plain; only the value body is sealed', async () => {
    const { adapter, cache } = setup([encryption()]);
    const gate = createGate();
    const loading = cache.getOrLoad('k', gate.loader('secret value'), { tags: ['t1'] });
    await gate.entered;
    expect(payloadOf(adapter, 'k')).toMatch(/^L./);
    gate.open();
    expect(await loading).toBe('secret value');
    const tagRecord = adapter.store.get('t:t1')!.payload;
    expect(tagRecord.charAt(0)).not.toBe('2');
    const { marker, header } = parts(payloadOf(adapter, 'k'));
    expect(marker).toBe('aes-256-gcm');
    expect(JSON.parse(header)).toEqual(['t:t1', tagRecord]);
    expect(payloadOf(adapter, 'k')).not.toContain('secret');
    await cache.invalidateTags(['t1']);
    expect(await cache.get('k')).toBeUndefined();
  });
});

describe('payload codecs: namespaces and custom codecs', () => {
  it('a namespace inherits the codecs, or replaces them with its own list', async () => {
    const { adapter, cache } = setup([createGzipCodec()]);
    await cache.namespace('inherits').set('k', LARGE);
    await cache.namespace('plain', { codecs: [] }).set('k', LARGE);
    await cache.namespace('sealed', { codecs: [encryption()] }).set('k', LARGE);
    const markers = [...adapter.store.entries()]
      .filter(([key]) => key.startsWith('e'))
      .map(([, entry]) => (entry.payload.startsWith('1') ? '1' : entry.payload.split('\n')[0]));
    expect(markers.sort()).toEqual(['1', '2aes-256-gcm', '2gzip']);
    expect(await cache.namespace('sealed', { codecs: [encryption()] }).get('k')).toEqual(LARGE);
    expect(await cache.namespace('sealed').get('k')).toBeUndefined();
  });

  it('runs a custom codec in order on write and in reverse on read', async () => {
    const calls: string[] = [];
    const codec = (id: string): PayloadCodec => ({
      id,
      encode(data, context) {
        calls.push(`encode ${id} ${context.key}`);
        return Buffer.concat([data, Buffer.from(id)]);
      },
      decode(data, context) {
        calls.push(`decode ${id} ${context.key}`);
        const suffix = data.subarray(data.length - id.length).toString();
        if (suffix !== id) throw new Error('not mine');
        return data.subarray(0, data.length - id.length);
      },
    });
    const { adapter, cache } = setup([codec('first'), codec('second')]);
    await cache.set('k', 'v');
    expect(parts(payloadOf(adapter, 'k')).marker).toBe('first,second');
    expect(await cache.get('k')).toBe('v');
    expect(calls).toEqual([
      'encode first e:k',
      'encode second e:k',
      'decode second e:k',
      'decode first e:k',
    ]);
  });

  it('reads as a miss an entry whose custom codec throws on decode', async () => {
    const broken: PayloadCodec = {
      id: 'broken',
      encode: (data) => data,
      decode: () => {
        throw new Error('cannot');
      },
    };
    const { cache } = setup([broken]);
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getOrLoad('k', () => 'loaded')).toBe('loaded');
  });
});

describe('payload codec options', () => {
  const adapter = new MapAdapter();
  const bad: Array<[string, () => unknown, RegExp]> = [
    [
      'codecs that are not an array',
      () => createCache({ adapter, codecs: createGzipCodec() as never }),
      /"codecs"/,
    ],
    [
      'a codec without decode',
      () => createCache({ adapter, codecs: [{ id: 'x', encode: () => undefined } as never] }),
      /"codecs\[0\]"/,
    ],
    [
      'a codec id with a comma',
      () => createCache({ adapter, codecs: [{ ...createGzipCodec(), id: 'a,b' }] }),
      /"codecs\[0\]\.id"/,
    ],
    [
      'a codec id twice',
      () => createCache({ adapter, codecs: [createGzipCodec(), createGzipCodec()] }),
      /"gzip" twice/,
    ],
    [
      'bad namespace codecs',
      () => createCache({ adapter }).namespace('n', { codecs: [null as never] }),
      /"codecs\[0\]"/,
    ],
    ['a negative threshold', () => createGzipCodec({ thresholdBytes: -1 }), /"thresholdBytes"/],
    [
      'a fractional threshold',
      () => createBrotliCodec({ thresholdBytes: 1.5 }),
      /"thresholdBytes"/,
    ],
    [
      'a threshold string',
      () => createGzipCodec({ thresholdBytes: '1' as never }),
      /"thresholdBytes"/,
    ],
    [
      'a gzip level of 10',
      () => createGzipCodec({ level: 10 }),
      /"level" to an integer from 1 to 9/,
    ],
    [
      'a brotli quality of 12',
      () => createBrotliCodec({ level: 12 }),
      /"level" to an integer from 0 to 11/,
    ],
    [
      'an unknown compression option',
      () => createGzipCodec({ threshold: 1 } as never),
      /unknown option "threshold"/,
    ],
    ['no keyring', () => createEncryptionCodec({} as never), /"keyring"/],
    [
      'a 16-byte key',
      () => encryption('k1', { k1: randomBytes(16) }),
      /"keyring\.keys\["k1"\]" must be a 32-byte/,
    ],
    [
      'a key as a string',
      () => encryption('k1', { k1: 'x'.repeat(32) as never }),
      /"keyring\.keys\["k1"\]"/,
    ],
    ['an unknown current key id', () => encryption('k9'), /"keyring\.current".*"k9"/],
    ['an empty key id', () => encryption('', { '': KEY_1 }), /key ids in "keyring\.keys"/],
    [
      'a key id over 64 bytes',
      () => encryption('x'.repeat(65), { ['x'.repeat(65)]: KEY_1 }),
      /1 to 64 bytes/,
    ],
    [
      'a non-boolean required',
      () =>
        createEncryptionCodec({
          keyring: { current: 'k1', keys: { k1: KEY_1 } },
          required: 1 as never,
        }),
      /"required"/,
    ],
  ];

  it.each(bad)('rejects %s with InvalidOptionsError naming the option', (_, make, message) => {
    expect(make).toThrow(InvalidOptionsError);
    expect(make).toThrow(message);
  });

  it("copies keys: changing the caller's buffer later changes nothing", async () => {
    const key = Buffer.from(KEY_1);
    const { adapter, cache } = setup([encryption('k1', { k1: key })]);
    await cache.set('k', 'v');
    key.fill(0);
    expect(await setup([encryption('k1', { k1: KEY_1 })], adapter).cache.get('k')).toBe('v');
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeEntryFile, encodeEntryFile } from '../src/entry-file-format.js';
import { EntryLocation } from '../src/entry-location.js';
import { createFsAdapter } from '../src/index.js';
import { temporaryRoot } from './temporary-root.js';

const PAYLOADS = [
  '',
  'plain ascii',
  'nul \u0000 inside',
  'lone high \uD800 surrogate',
  'lone low \uDC00 surrogate',
  '\uDC00\uD800 reversed pair',
  'emoji 🚀 and é',
  '\uFEFF byte order mark',
  'x'.repeat(300_000),
];

describe('entry file format', () => {
  it('round-trips every UTF-16 code unit of keys and payloads', () => {
    for (const payload of PAYLOADS) {
      for (const key of ['k', '\uD800', payload || 'empty']) {
        const decoded = decodeEntryFile(
          encodeEntryFile(key, { payload, expiresAt: 1.5e12 + 0.25 }),
        );
        expect(decoded).toEqual({ key, entry: { payload, expiresAt: 1.5e12 + 0.25 } });
      }
    }
    expect(decodeEntryFile(encodeEntryFile('k', { payload: 'v' }))).toEqual({
      key: 'k',
      entry: { payload: 'v' },
    });
  });

  it('stores ASCII payloads compactly (UTF-8) and keeps the header fixed at 28 bytes', () => {
    expect(encodeEntryFile('k', { payload: 'abc' }).length).toBe(28 + 2 + 3);
    expect(encodeEntryFile('k', { payload: 'a\uD800' }).length).toBe(28 + 2 + 4);
  });

  it('round-trips through the adapter on disk', async () => {
    const directory = await temporaryRoot('format');
    const adapter = createFsAdapter({ directory });
    await adapter.setMany(PAYLOADS.map((payload, index) => [`key-${index}`, { payload }] as const));
    const entries = await adapter.getMany(PAYLOADS.map((_, index) => `key-${index}`));
    expect(entries.map((entry) => entry?.payload)).toEqual(PAYLOADS);
    await adapter.dispose();
  });

  it('reads entries on both sides of the first read size, in any order and all at once', async () => {
    const directory = await temporaryRoot('format-sizes');
    const adapter = createFsAdapter({ directory, concurrency: 4 });
    // File size = 28 header bytes + 2 key bytes ('k' + index digit: 4) + payload.
    const sizes = [0, 1, 16_384 - 32 - 1, 16_384 - 32, 16_384 - 32 + 1, 32_768 - 32, 100_000];
    const payloads = sizes.map((size, index) => String.fromCharCode(97 + index).repeat(size));
    await adapter.setMany(payloads.map((payload, index) => [`k${index}`, { payload }] as const));
    const order = [6, 0, 3, 1, 4, 2, 5, 3, 6, 0];
    const entries = await adapter.getMany(order.map((index) => `k${index}`));
    expect(entries.map((entry) => entry?.payload)).toEqual(order.map((index) => payloads[index]));
    for (const index of order)
      expect((await adapter.get(`k${index}`))?.payload).toBe(payloads[index]);
    await adapter.dispose();
  });

  it('hashes keys as documented: SHA-256 of the length-prefixed namespace and the key, in UTF-16LE', () => {
    const reference = (namespace: string, key: string) => {
      const namespaceBytes = Buffer.from(namespace, 'utf16le');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(namespaceBytes.length);
      return createHash('sha256')
        .update(length)
        .update(namespaceBytes)
        .update(Buffer.from(key, 'utf16le'))
        .digest('hex');
    };
    for (const namespace of ['default', 'acls', 'N'.repeat(300)]) {
      const location = new EntryLocation('/cache', namespace);
      // A long key grows the reused buffer past what is kept; short keys follow it.
      for (const key of [
        'k',
        '\uD800',
        'é🚀',
        'x'.repeat(200),
        'y'.repeat(40_000),
        'k',
        'z'.repeat(130),
      ]) {
        expect(location.hash(key)).toBe(reference(namespace, key));
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { decodeEntryFile, encodeEntryFile } from '../src/entry-file-format.js';
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
});

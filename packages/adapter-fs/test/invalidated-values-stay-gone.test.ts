import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codecTestConfigurations, describeLostRecordScenarios } from '@pc/core/testing';
import { expect } from 'vitest';
import { decodeEntryFile } from '../src/entry-file-format.js';
import { createFsAdapter, type FsAdapter } from '../src/index.js';
import { temporaryRoot } from './temporary-root.js';

/*
 * Issue 12, defects 1 and 6, on fs adapters sharing one directory (the fs
 * backend's "several processes"): a load that raced an invalidation must never
 * come back once the backend loses records (here: `prune()` with `maxEntries`,
 * which removes the oldest-written entries), and a value loaded without a TTL
 * has no expiry at all. Without codecs, and with values compressed and encrypted.
 *
 * In a namespace, prune also removes the namespace's version record (written
 * before the racing load began, so older than everything else). That alone made
 * the entry miss under the key-fence runtime of before issue 12, so there only
 * the root case reproduced the defect; both pin the behaviour.
 */

/** Bit 0 of the flags byte (offset 5) of an entry file: `expiresAt` present. */
const FLAG_EXPIRES = 0b01;

async function keysOf(adapter: FsAdapter): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of adapter.keys()) keys.push(key);
  return keys.sort();
}

/** Every regular file under `directory`, recursively. */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The raw bytes of the entry file holding `adapterKey`, found by decoding every file. */
async function entryFileOf(adapter: FsAdapter, adapterKey: string): Promise<Buffer> {
  for (const path of await filesUnder(adapter.directory)) {
    const bytes = await readFile(path);
    if (decodeEntryFile(bytes)?.key === adapterKey) return bytes;
  }
  throw new Error(`no entry file holds ${adapterKey} under ${adapter.directory}`);
}

for (const { name, transforms, codecs } of codecTestConfigurations(['none', 'both'])) {
  describeLostRecordScenarios<FsAdapter>({
    name: transforms === 'none' ? 'fs' : `fs with ${name}`,
    cacheOptions: { codecs },
    backend: async () => {
      const directory = await temporaryRoot('stay-gone');
      return ({ namespace }) => createFsAdapter({ directory, namespace });
    },
    loss: 'prune() with maxEntries',
    loseRecords: async ({ namespace, adapters }) => {
      // A fourth adapter on the directory that keeps at most one entry when it prunes.
      const pruner = createFsAdapter({ directory: adapters.a.directory, namespace, maxEntries: 1 });
      try {
        const before = await keysOf(pruner);
        await pruner.prune();
        // The loss happened: only the newest-written record survived the prune.
        const after = await keysOf(pruner);
        expect(after).toHaveLength(Math.min(1, before.length));
        expect(before).toEqual(expect.arrayContaining(after));
      } finally {
        await pruner.dispose();
      }
    },
    expectNoExpiry: async ({ adapter, entries }) => {
      for (const [adapterKey, value] of entries) {
        const bytes = await entryFileOf(adapter, adapterKey);
        expect(bytes.readUInt8(5) & FLAG_EXPIRES, `expiry flag in the file of ${adapterKey}`).toBe(
          0,
        );
        const decoded = decodeEntryFile(bytes)!;
        expect(decoded.entry.expiresAt, `expiresAt of ${adapterKey}`).toBeUndefined();
        // Encrypted, a payload holds no value in clear text.
        if (transforms === 'none') expect(decoded.entry.payload).toContain(value);
        else expect(decoded.entry.payload).not.toContain(value);
      }
    },
    // The fs adapter checks expiry against Date.now().
    fakeClock: true,
  });
}

import { type MemcachedServerHandle, startMemcached } from '@pc/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter, createMemcachedClient } from '../src/index.js';
import { escapedKey } from './helpers.js';

/*
 * Issue 13, defect 4: the old client ran one full-string replace over the whole
 * `get` command per key, so a multi-get cost O(keys x command length): 1,000 keys
 * of 200 characters took longer than the 500 ms deadline. This counts the work
 * instead of timing it: the bytes written, and the bytes the reply parser looked
 * at, for 1,000 and 2,000 keys of 200 characters.
 */

const KEY_LENGTH = 200;
/** Generous timeouts: this test counts bytes, it measures no time. */
const TIMEOUT_MILLISECONDS = 30_000;

describe('getMany of 1,000 keys of 200 characters', () => {
  // A server of its own, so nothing else shares the client's counters.
  let server: MemcachedServerHandle;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(() => server.stop());

  it('writes one command and parses each reply byte once: the work doubles with the keys, no more', async () => {
    const namespace = 'work';
    const client = createMemcachedClient({
      servers: server.location,
      timeoutMilliseconds: TIMEOUT_MILLISECONDS,
    });
    const adapter = createMemcachedAdapter({
      client,
      namespace,
      timeoutMilliseconds: TIMEOUT_MILLISECONDS,
    });
    try {
      const keyOf = (index: number) =>
        `${String(index).padStart(6, '0')}${'k'.repeat(KEY_LENGTH - 6)}`;
      const all = Array.from({ length: 2000 }, (_, index) => keyOf(index));
      expect(
        await adapter.setMany(all.map((key) => [key, { payload: `value of ${key.slice(0, 6)}` }])),
      ).toEqual(all.map(() => true));

      const measure = async (keys: readonly string[]) => {
        const before = client.counters;
        const found = await adapter.getMany(keys);
        const after = client.counters;
        expect(found.map((entry) => entry?.payload)).toEqual(
          keys.map((key) => `value of ${key.slice(0, 6)}`),
        );
        return {
          sent: after.bytesSent - before.bytesSent,
          received: after.bytesReceived - before.bytesReceived,
          scanned: after.bytesScanned - before.bytesScanned,
        };
      };
      const thousand = await measure(all.slice(0, 1000));
      const twoThousand = await measure(all);

      // Exactly one `get <generation record> <k1> ... <k1000>\r\n`: every key once.
      const command = (keys: readonly string[]) =>
        `get ${[`pc:${namespace}:!g0`, ...keys.map((key) => escapedKey(namespace, key))].join(' ')}\r\n`;
      expect(thousand.sent).toBe(Buffer.byteLength(command(all.slice(0, 1000))));
      expect(twoThousand.sent).toBe(Buffer.byteLength(command(all)));
      // The parser looks at every byte of the reply once, however it was chunked.
      expect(thousand.scanned).toBe(thousand.received);
      expect(twoThousand.scanned).toBe(twoThousand.received);
      // Twice the keys, twice the work (a quadratic client would do four times).
      expect(twoThousand.sent / thousand.sent).toBeLessThan(2.01);
      expect(twoThousand.scanned / thousand.scanned).toBeLessThan(2.01);
    } finally {
      await adapter.dispose();
      client.close();
    }
  });
});

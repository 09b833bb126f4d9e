import { type MemcachedServerHandle, startMemcached } from '@pc/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { escapedKey, type RawClient, rawClient } from './helpers.js';

describe('getMany', () => {
  // A server of its own: its byte counters see no other test's traffic.
  let server: MemcachedServerHandle;
  let raw: RawClient;
  beforeAll(async () => {
    server = await startMemcached();
    raw = rawClient(server.location);
  });
  afterAll(async () => {
    raw.end();
    await server.stop();
  });

  it('reads 100 keys and the namespace generation with one multi-get', async () => {
    const namespace = 'multi';
    const adapter = createMemcachedAdapter({ servers: server.location, namespace });
    const keys = Array.from({ length: 100 }, (_, index) => `key-${index}`);
    await adapter.setMany(keys.map((key) => [key, { payload: key }]));

    const statsOf = async () => (await raw.stats()).get(server.location)!;
    const before = await statsOf();
    const found = await adapter.getMany(keys);
    const after = await statsOf();

    expect(found.map((entry) => entry?.payload)).toEqual(keys);
    const delta = (name: string) => Number(after[name]) - Number(before[name]);
    expect(delta('cmd_get')).toBe(101);
    expect(delta('get_hits')).toBe(101);
    // Exactly one `get k1 k2 ...\r\n` line, plus the second `stats\r\n`:
    // 101 single gets would add 100 more `get ` and `\r\n`.
    const memcachedKeys = [`pc:${namespace}:!g0`, ...keys.map((key) => escapedKey(namespace, key))];
    const oneCommand = `get ${memcachedKeys.join(' ')}\r\n`.length;
    expect(delta('bytes_read')).toBe(oneCommand + 'stats\r\n'.length);
    await adapter.dispose();
  });
});

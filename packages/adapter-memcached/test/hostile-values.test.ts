import type { AdapterEntry, CacheAdapter } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemcachedAdapter, createMemcachedClient } from '../src/index.js';
import { escapedKey, uniqueNamespace } from './helpers.js';
import { rawGet, rawSet } from './raw-memcached.js';

/*
 * Issue 13, defects 1 and 2: what another client stores under a pc key must read
 * as a miss, whatever its flags and bytes, and must never crash the process or
 * wedge the connection for other keys.
 */

const { memcached, memcachedPool } = testServices();

/** Errors nobody caught while a test ran (the old client threw these from its socket handler). */
const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);
process.on('uncaughtException', recordUncaught);
process.on('unhandledRejection', recordUncaught);
afterAll(() => {
  process.off('uncaughtException', recordUncaught);
  process.off('unhandledRejection', recordUncaught);
});

/** Ten operations of every kind on keys other than the hostile one. */
async function tenOperations(adapter: CacheAdapter, label: string): Promise<void> {
  const entry = (payload: string): AdapterEntry => ({ payload });
  const key = (index: number) => `${label}-other-${index}`;
  expect(await adapter.set(key(1), entry('one'))).toBe(true);
  expect(await adapter.get(key(1))).toEqual(entry('one'));
  expect(
    await adapter.setMany([
      [key(2), entry('two')],
      [key(3), entry('three')],
    ]),
  ).toEqual([true, true]);
  expect(await adapter.getMany([key(1), key(2), key(3), key(4)])).toEqual([
    entry('one'),
    entry('two'),
    entry('three'),
    undefined,
  ]);
  expect(await adapter.compareAndSet!([[key(4), undefined, entry('lease')]])).toEqual([true]);
  expect(await adapter.compareAndSet!([[key(4), 'lease', entry('four')]])).toEqual([true]);
  expect(await adapter.get(key(4))).toEqual(entry('four'));
  expect(await adapter.delete(key(1))).toBe(true);
  expect(await adapter.deleteMany([key(2), key(3)])).toBe(2);
  expect(await adapter.getMany([key(1), key(4)])).toEqual([undefined, entry('four')]);
}

describe.each([
  { name: 'one server', locations: [memcached.location] },
  { name: 'a pool of three', locations: [...memcachedPool.locations] },
])('foreign items under pc keys, $name', ({ locations }) => {
  let namespace: string;
  let adapter: CacheAdapter;
  /** Where the adapter keeps `key`, and the server that holds it. */
  const placed = (key: string) => {
    const stored = escapedKey(namespace, key);
    return { stored, server: serverOf(stored) };
  };
  let serverOf: (stored: string) => string;

  beforeEach(async () => {
    namespace = uniqueNamespace('hostile');
    adapter = createMemcachedAdapter({ servers: locations, namespace });
    // Routing as the adapter does it (a client on the same servers).
    const client = createMemcachedClient({ servers: locations });
    serverOf = (stored) => client.serverFor(stored);
    client.close();
    await adapter.set('warm-up', { payload: 'x' });
  });
  afterEach(async () => {
    await adapter.clear();
    await adapter.dispose();
    expect(uncaught).toEqual([]);
  });

  it('flag 2 (the old client’s JSON flag) with bytes that are not JSON reads as a miss', async () => {
    const { stored, server } = placed('json');
    await rawSet(server, stored, '{"not": json', 2);
    expect(await adapter.get('json')).toBeUndefined();
    expect(await adapter.getMany(['json', 'warm-up'])).toEqual([undefined, { payload: 'x' }]);
    // Other flags the old client interpreted (binary 4, numeric 8) read as misses too.
    for (const flags of [4, 8, 2 ** 31]) {
      await rawSet(server, stored, 'NaN-ish\u0000bytes', flags);
      expect(await adapter.get('json')).toBeUndefined();
    }
    // The key is still usable: a write replaces the foreign item.
    expect(await adapter.set('json', { payload: 'mine' })).toBe(true);
    expect(await adapter.get('json')).toEqual({ payload: 'mine' });
    await tenOperations(adapter, 'json');
  });

  it('a foreign item holding CR LF, END and VALUE lines reads as a miss, and 10 operations on other keys of its server succeed', async () => {
    const { stored, server } = placed('crlf');
    const hostile = `first line\r\nEND\r\nVALUE ${stored} 0 3\r\nabc\r\nSTORED\r\n\r\n`;
    await rawSet(server, stored, hostile);
    expect(await adapter.get('crlf')).toBeUndefined();
    expect(await adapter.getMany(['crlf', 'warm-up'])).toEqual([undefined, { payload: 'x' }]);
    // Keys of the same server as the hostile item.
    const neighbours = Array.from({ length: 200 }, (_, index) => `crlf-${index}`)
      .filter((key) => placed(key).server === server)
      .slice(0, 10);
    expect(neighbours).toHaveLength(10);
    for (const [index, key] of neighbours.entries()) {
      expect(await adapter.set(key, { payload: `v${index}\r\n` })).toBe(true);
    }
    expect((await adapter.getMany(neighbours)).map((found) => found?.payload)).toEqual(
      neighbours.map((_, index) => `v${index}\r\n`),
    );
    await tenOperations(adapter, 'crlf');
    // The foreign item itself was only read, never changed.
    expect((await rawGet(server, stored))?.toString('utf8')).toBe(hostile);
  });

  it('invalid UTF-8 and a pc-shaped value with raw CR LF read as misses or exactly as stored', async () => {
    const { stored, server } = placed('bytes');
    await rawSet(server, stored, Buffer.from([0xff, 0xfe, 0x0d, 0x0a, 0xc3, 0x28, 0x00]));
    expect(await adapter.get('bytes')).toBeUndefined();
    await tenOperations(adapter, 'bytes');
  });

  it('payloads with CR LF, END, VALUE lines and backslashes before line breaks round-trip exactly', async () => {
    const payloads = [
      'a\r\nEND\r\n',
      `VALUE ${placed('x').stored} 0 1\r\nz\r\nEND\r\n`,
      'back\\\r\nslash\\\n\\\\\r',
      '\\',
      '\r\n'.repeat(1000),
      'é\r\n€\n𝄞\r',
    ];
    const keys = payloads.map((_, index) => `payload-${index}`);
    expect(
      await adapter.setMany(keys.map((key, index) => [key, { payload: payloads[index]! }])),
    ).toEqual(keys.map(() => true));
    expect((await adapter.getMany(keys)).map((found) => found?.payload)).toEqual(payloads);
    for (const [index, key] of keys.entries()) {
      expect((await adapter.get(key))?.payload).toBe(payloads[index]);
    }
  });
});

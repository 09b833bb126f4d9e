import type { CacheAdapter } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { uniqueNamespace } from './helpers.js';

/*
 * Issue 13, defect 3: the old client built commands with `command.replace(key, key)`,
 * so `$$`, `$&`, `` $` ``, `$'` in keys acted as replacement patterns: `price$$`
 * overwrote `price$`, `a$b` read `a$$b`'s value, and `$'` keys could not be stored.
 * Keys now go on the wire byte for byte.
 */

const { memcached, memcachedPool } = testServices();

const DOLLAR_KEYS = [
  'price$',
  'price$$',
  'price$$$',
  'a$b',
  'a$$b',
  '$&',
  'x$&y',
  '$`',
  "$'",
  "a$'b",
  'a$`b',
  '$1',
  '$0$1$2',
  '$<name>',
  '$$$$',
  '$',
];
/** Keys the encoding escapes or hashes, mixed with `$`. */
const OTHER_KEYS = [
  'with space $$',
  'tab\t$&',
  'line\r\nbreak $1',
  'unicode é $` 𝄞',
  `${'$$'.repeat(130)}`,
  `${'$&'.repeat(130)}x`,
  `${'long$'.repeat(60)}`,
  `${'long$'.repeat(60)}$`,
];

describe.each([
  { name: 'one server', locations: [memcached.location] },
  { name: 'a pool of three', locations: [...memcachedPool.locations] },
])('keys with $ patterns, $name', ({ locations }) => {
  let adapter: CacheAdapter;
  beforeEach(() => {
    adapter = createMemcachedAdapter({ servers: locations, namespace: uniqueNamespace('dollar') });
  });
  afterEach(async () => {
    await adapter.clear();
    await adapter.dispose();
  });

  const keys = [...DOLLAR_KEYS, ...OTHER_KEYS];
  const payloadOf = (index: number) => `value of key ${index}`;

  it('round-trip and stay distinct through set, get and getMany', async () => {
    for (const [index, key] of keys.entries()) {
      expect(await adapter.set(key, { payload: payloadOf(index) }), key).toBe(true);
    }
    for (const [index, key] of keys.entries()) {
      expect((await adapter.get(key))?.payload, key).toBe(payloadOf(index));
    }
    expect((await adapter.getMany(keys)).map((found) => found?.payload)).toEqual(
      keys.map((_, index) => payloadOf(index)),
    );
    // In reverse order, with duplicates and misses mixed in.
    const mixed = [...keys].reverse().flatMap((key) => [key, `${key}-absent`, key]);
    const expected = [...keys.keys()]
      .reverse()
      .flatMap((index) => [payloadOf(index), undefined, payloadOf(index)]);
    expect((await adapter.getMany(mixed)).map((found) => found?.payload)).toEqual(expected);
  });

  it('round-trip through setMany, compareAndSet and delete without touching their look-alikes', async () => {
    expect(
      await adapter.setMany(keys.map((key, index) => [key, { payload: payloadOf(index) }])),
    ).toEqual(keys.map(() => true));
    expect(
      await adapter.compareAndSet!(
        keys.map((key, index) => [key, payloadOf(index), { payload: `replaced ${index}` }]),
      ),
    ).toEqual(keys.map(() => true));
    expect((await adapter.getMany(keys)).map((found) => found?.payload)).toEqual(
      keys.map((_, index) => `replaced ${index}`),
    );
    // Deleting every other key leaves exactly the others.
    const deleted = keys.filter((_, index) => index % 2 === 0);
    expect(await adapter.deleteMany(deleted)).toBe(deleted.length);
    expect((await adapter.getMany(keys)).map((found) => found?.payload)).toEqual(
      keys.map((_, index) => (index % 2 === 0 ? undefined : `replaced ${index}`)),
    );
  });
});

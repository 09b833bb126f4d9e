import { createHash } from 'node:crypto';
import { testServices } from '@pc/test-services';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { uniqueNamespace } from './helpers.js';

const { memcached } = testServices();

describe('key encoding', () => {
  const adapter = createMemcachedAdapter({
    servers: memcached.location,
    namespace: uniqueNamespace('keys'),
  });
  afterEach(() => adapter.clear());

  const expectDistinct = async (keys: readonly string[]) => {
    expect(
      await adapter.setMany(keys.map((key, index) => [key, { payload: `v${index}` }])),
    ).toEqual(keys.map(() => true));
    expect((await adapter.getMany(keys)).map((found) => found?.payload)).toEqual(
      keys.map((_, index) => `v${index}`),
    );
    for (const [index, key] of keys.entries()) {
      expect((await adapter.get(key))?.payload).toBe(`v${index}`);
    }
  };

  it('a 300-byte key and a 251-byte key that differ only at the end do not collide', async () => {
    const base = 'k'.repeat(250);
    await expectDistinct([`${base}a`, `${base}${'k'.repeat(49)}b`, base]);
  });

  it('keys that differ only past byte 250 do not collide, nor with their escaped look-alikes', async () => {
    const past = 'p'.repeat(260);
    const digest = createHash('sha256')
      .update(Buffer.from(`${past}1`, 'utf16le'))
      .digest('base64url');
    // `#<digest>` is what the hashed form of `${past}1` ends with; escaped it gets
    // the `=` marker, so it can never be that key.
    await expectDistinct([`${past}1`, `${past}2`, `#${digest}`, `=#${digest}`]);
  });

  it('keys whose escaped form is around the 250-byte limit switch to hashing without collisions', async () => {
    // The prefix `pc:<namespace>:=` leaves room for fewer than 250 escaped bytes.
    const keys = Array.from({ length: 8 }, (_, index) => `${'%'.repeat(58 + index)}x`);
    await expectDistinct([...keys, ...keys.map((key) => `${key} `)]);
  });
});

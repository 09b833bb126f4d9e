import { ValueTooLargeError } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter, MEMCACHED_ADAPTER_DEFAULTS } from '../src/index.js';

const { memcached } = testServices();

describe('value size', () => {
  // The longest namespace, and a key whose memcached key is exactly 250 bytes
  // (`pc:` + 64 + `:=` + 181): the worst case maxValueBytes is declared for.
  const namespace = `size-${Date.now().toString(36)}`.padEnd(64, 'n');
  const longestKey = 'k'.repeat(250 - `pc:${namespace}:=`.length);
  const adapter = createMemcachedAdapter({ servers: memcached.location, namespace });
  const limit = adapter.capabilities.maxValueBytes;
  afterAll(async () => {
    await adapter.clear();
    await adapter.dispose();
  });

  it('declares the item limit minus key, entry header and item overhead', () => {
    expect(limit).toBeLessThan(MEMCACHED_ADAPTER_DEFAULTS.itemSizeBytes - 250);
    expect(limit).toBeGreaterThan(MEMCACHED_ADAPTER_DEFAULTS.itemSizeBytes - 512);
  });

  it('a payload of exactly the limit is stored under the longest key', async () => {
    const payload = 'x'.repeat(limit);
    expect(await adapter.set(longestKey, { payload })).toBe(true);
    expect((await adapter.get(longestKey))?.payload === payload).toBe(true);
  });

  it('one byte over fails with ValueTooLargeError, and the next operation still works', async () => {
    await expect(adapter.set('over', { payload: 'x'.repeat(limit + 1) })).rejects.toSatisfy(
      (error) => ValueTooLargeError.isInstance(error),
    );
    // Nothing reached the server, so the connection was not dropped.
    expect(await adapter.set('after', { payload: 'fine' })).toBe(true);
    expect((await adapter.get('after'))?.payload).toBe('fine');
    expect(await adapter.get('over')).toBeUndefined();
  });

  it('CR and LF count twice (the client escapes them), still failing before the server', async () => {
    // limit bytes, 100 more on the wire: more than the unused part of the header budget.
    const payload = `${'x'.repeat(limit - 100)}${'\r\n'.repeat(50)}`;
    await expect(adapter.set(longestKey, { payload })).rejects.toSatisfy((error) =>
      ValueTooLargeError.isInstance(error),
    );
    const fits = `${'x'.repeat(limit - 600)}${'\r\n'.repeat(100)}`;
    expect(await adapter.set(longestKey, { payload: fits })).toBe(true);
    expect((await adapter.get(longestKey))?.payload === fits).toBe(true);
  });
});

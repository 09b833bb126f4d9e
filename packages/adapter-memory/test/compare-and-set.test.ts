import { ValueTooLargeError } from '@pc/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter, createMemoryStore } from '../src/index.js';

/** Bytes an entry costs in the store: UTF-8 of `<namespace length>:<namespace>:<key>` + payload. */
const cost = (namespace: string, key: string, payload: string) =>
  Buffer.byteLength(`${namespace.length}:${namespace}:${key}`) + Buffer.byteLength(payload);

afterEach(() => {
  vi.useRealTimers();
});

describe('memory adapter compareAndSet and the caps', () => {
  it('declares compareAndSet', () => {
    expect(createMemoryAdapter().capabilities.compareAndSet).toBe(true);
  });

  it('a lease evicted at maxItems makes the fill resolve false and store nothing', async () => {
    const adapter = createMemoryAdapter({ maxItems: 2 });
    expect(await adapter.compareAndSet([['k', undefined, { payload: 'lease' }]])).toEqual([true]);
    await adapter.set('a', { payload: 'A' });
    await adapter.set('b', { payload: 'B' }); // evicts the lease, the least recently used
    expect(await adapter.compareAndSet([['k', 'lease', { payload: 'value' }]])).toEqual([false]);
    expect(await adapter.get('k')).toBeUndefined();
    expect((await adapter.getMany(['a', 'b'])).map((found) => found?.payload)).toEqual(['A', 'B']);
  });

  it('a lease evicted by maxBytes makes the fill resolve false', async () => {
    const store = createMemoryStore({ maxBytes: 100 });
    const adapter = createMemoryAdapter({ namespace: 'n', store, maxValueBytes: 50 });
    const payload = 'x'.repeat(24);
    expect(cost('n', 'k0', payload)).toBe(30);
    await adapter.compareAndSet([['k0', undefined, { payload }]]);
    for (const key of ['k1', 'k2', 'k3']) await adapter.set(key, { payload });
    expect(store.bytes).toBeLessThanOrEqual(100);
    expect(await adapter.compareAndSet([['k0', payload, { payload: 'value' }]])).toEqual([false]);
    expect(await adapter.get('k0')).toBeUndefined();
  });

  it('a fill is counted at its own size and evicts least recently used entries to fit', async () => {
    const store = createMemoryStore({ maxBytes: 100 });
    const adapter = createMemoryAdapter({ namespace: 'n', store, maxValueBytes: 80 });
    await adapter.set('old', { payload: 'x'.repeat(24) });
    await adapter.compareAndSet([['k', undefined, { payload: 'L' }]]);
    expect(store.bytes).toBe(cost('n', 'old', 'x'.repeat(24)) + cost('n', 'k', 'L'));
    const value = 'v'.repeat(76);
    expect(await adapter.compareAndSet([['k', 'L', { payload: value }]])).toEqual([true]);
    expect(store.bytes).toBe(cost('n', 'k', value));
    expect(await adapter.get('old'), 'evicted to make room').toBeUndefined();
    expect((await adapter.get('k'))?.payload).toBe(value);
  });

  it('a key and payload larger than maxBytes reject with ValueTooLargeError before anything is written', async () => {
    const adapter = createMemoryAdapter({ maxBytes: 100 });
    await adapter.set('kept', { payload: 'old' });
    await expect(
      adapter.compareAndSet([
        ['new', undefined, { payload: 'small' }],
        ['k'.repeat(90), undefined, { payload: 'x'.repeat(25) }],
      ]),
    ).rejects.toSatisfy((error) => ValueTooLargeError.isInstance(error));
    expect(await adapter.get('new')).toBeUndefined();
    expect((await adapter.get('kept'))?.payload).toBe('old');
  });

  it('a failed comparison is not a use: the entry stays least recently used', async () => {
    const adapter = createMemoryAdapter({ maxItems: 2 });
    await adapter.set('a', { payload: 'A' });
    await adapter.set('b', { payload: 'B' });
    expect(await adapter.compareAndSet([['a', 'other', { payload: 'X' }]])).toEqual([false]);
    await adapter.set('c', { payload: 'C' });
    expect((await adapter.getMany(['a', 'b', 'c'])).map((found) => found?.payload)).toEqual([
      undefined,
      'B',
      'C',
    ]);
  });

  it('an expired lease is removed when compared, and frees its bytes', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const store = createMemoryStore();
    const adapter = createMemoryAdapter({ namespace: 'n', store });
    await adapter.compareAndSet([
      ['k', undefined, { payload: 'lease', expiresAt: Date.now() + 1000 }],
    ]);
    vi.setSystemTime(Date.now() + 1000);
    expect(await adapter.compareAndSet([['k', 'lease', { payload: 'value' }]])).toEqual([false]);
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('namespaces on one store compare only their own keys', async () => {
    const store = createMemoryStore();
    const first = createMemoryAdapter({ namespace: 'first', store });
    const second = createMemoryAdapter({ namespace: 'second', store });
    await first.set('k', { payload: 'lease' });
    expect(await second.compareAndSet([['k', 'lease', { payload: 'second' }]])).toEqual([false]);
    expect(await second.compareAndSet([['k', undefined, { payload: 'second' }]])).toEqual([true]);
    expect((await first.get('k'))?.payload).toBe('lease');
  });
});

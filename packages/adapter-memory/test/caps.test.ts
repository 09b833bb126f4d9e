import { InvalidOptionsError, ValueTooLargeError } from '@pc/core';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter, createMemoryStore, MEMORY_STORE_DEFAULTS } from '../src/index.js';

/** Bytes an entry costs in the store: UTF-8 of `<namespace length>:<namespace>:<key>` + payload. */
const cost = (namespace: string, key: string, payload: string) =>
  Buffer.byteLength(`${namespace.length}:${namespace}:${key}`) + Buffer.byteLength(payload);

describe('memory adapter caps', () => {
  it('the item cap evicts the least recently used entry', async () => {
    const adapter = createMemoryAdapter({ maxItems: 3 });
    await adapter.setMany([
      ['a', { payload: 'A' }],
      ['b', { payload: 'B' }],
      ['c', { payload: 'C' }],
    ]);
    await adapter.get('a'); // a is now more recent than b
    await adapter.set('d', { payload: 'D' });
    expect((await adapter.getMany(['a', 'b', 'c', 'd'])).map((found) => found?.payload)).toEqual([
      'A',
      undefined,
      'C',
      'D',
    ]);
  });

  it('the byte cap evicts least recently used entries to stay under maxBytes', async () => {
    const store = createMemoryStore({ maxBytes: 100 });
    const adapter = createMemoryAdapter({ namespace: 'n', store, maxValueBytes: 50 });
    const payload = 'x'.repeat(24);
    expect(cost('n', 'k0', payload)).toBe(30);
    for (const key of ['k0', 'k1', 'k2']) await adapter.set(key, { payload });
    expect(store.bytes).toBe(90);
    await adapter.set('k3', { payload });
    expect(store.bytes).toBeLessThanOrEqual(100);
    expect(
      (await adapter.getMany(['k0', 'k1', 'k2', 'k3'])).map((found) => found !== undefined),
    ).toEqual([false, true, true, true]);
  });

  it('counts payloads in UTF-8 bytes', async () => {
    const store = createMemoryStore({ maxBytes: 1000 });
    const adapter = createMemoryAdapter({ namespace: 'n', store, maxValueBytes: 10 });
    await adapter.set('ascii', { payload: 'x'.repeat(10) });
    await adapter.set('two-byte', { payload: 'é'.repeat(5) });
    await expect(adapter.set('two-byte', { payload: 'é'.repeat(6) })).rejects.toSatisfy((error) =>
      ValueTooLargeError.isInstance(error),
    );
    expect(store.bytes).toBe(
      cost('n', 'ascii', 'x'.repeat(10)) + cost('n', 'two-byte', 'é'.repeat(5)),
    );
  });

  it('a value larger than maxBytes rejects with ValueTooLargeError and writes nothing', async () => {
    const adapter = createMemoryAdapter({ maxBytes: 100 });
    expect(adapter.capabilities.maxValueBytes).toBe(25);
    await adapter.set('k', { payload: 'old' });
    for (const payload of ['x'.repeat(26), 'x'.repeat(101), 'x'.repeat(10_000)]) {
      await expect(adapter.set('k', { payload })).rejects.toSatisfy((error) =>
        ValueTooLargeError.isInstance(error),
      );
    }
    // Within maxValueBytes, but the key makes the entry larger than the whole store.
    await expect(adapter.set('k'.repeat(90), { payload: 'x'.repeat(25) })).rejects.toSatisfy(
      (error) => ValueTooLargeError.isInstance(error),
    );
    expect((await adapter.get('k'))?.payload).toBe('old');
    expect(await adapter.get('k'.repeat(90))).toBeUndefined();
  });

  it('is bounded by default', async () => {
    const adapter = createMemoryAdapter();
    expect(adapter.capabilities.maxValueBytes).toBe(MEMORY_STORE_DEFAULTS.maxBytes / 4);
    const keys = Array.from(
      { length: MEMORY_STORE_DEFAULTS.maxItems + 1 },
      (_, index) => `k${index}`,
    );
    await adapter.setMany(keys.map((key) => [key, { payload: 'v' }]));
    let count = 0;
    for await (const _ of adapter.keys()) count += 1;
    expect(count).toBe(MEMORY_STORE_DEFAULTS.maxItems);
    expect(await adapter.get('k0')).toBeUndefined();
  });
});

describe('memory adapter options', () => {
  it.each([
    [{ maxItems: 0 }, '"maxItems"'],
    [{ maxItems: 1.5 }, '"maxItems"'],
    [{ maxBytes: -1 }, '"maxBytes"'],
    [{ maxBytes: 100, maxValueBytes: 101 }, '"maxValueBytes"'],
    [{ maxValueBytes: 0 }, '"maxValueBytes"'],
    [{ namespace: '' }, '"namespace"'],
    [{ store: createMemoryStore(), maxItems: 5 }, '"maxItems"'],
    [{ store: {} as never }, '"store"'],
  ])('rejects %o naming %s', (options, name) => {
    let thrown: unknown;
    try {
      createMemoryAdapter(options);
    } catch (error) {
      thrown = error;
    }
    expect(InvalidOptionsError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(name);
  });

  it('declares sharedAcrossInstances only with a shared store', () => {
    expect(createMemoryAdapter().capabilities.sharedAcrossInstances).toBe(false);
    expect(
      createMemoryAdapter({ store: createMemoryStore() }).capabilities.sharedAcrossInstances,
    ).toBe(true);
  });
});

describe('memory adapter on a shared store', () => {
  it('namespaces share one budget, and disposing an adapter leaves the others’ entries', async () => {
    const store = createMemoryStore({ maxItems: 2 });
    const first = createMemoryAdapter({ namespace: 'first', store });
    const second = createMemoryAdapter({ namespace: 'second', store });
    await first.set('a', { payload: '1' });
    await second.set('a', { payload: '2' });
    await first.set('b', { payload: '3' });
    expect(await first.get('a')).toBeUndefined();
    expect(store.size).toBe(2);
    await first.dispose();
    expect((await second.get('a'))?.payload).toBe('2');
    expect(store.size).toBe(2);
  });

  it('a namespace that looks like a prefix of another stays apart', async () => {
    const store = createMemoryStore();
    const short = createMemoryAdapter({ namespace: 'a', store });
    const long = createMemoryAdapter({ namespace: 'a:b', store });
    await short.set('b:c', { payload: 'short' });
    await long.set('c', { payload: 'long' });
    expect((await short.get('b:c'))?.payload).toBe('short');
    expect((await long.get('c'))?.payload).toBe('long');
    await long.clear();
    expect((await short.get('b:c'))?.payload).toBe('short');
  });
});

import { describe, expect, it } from 'vitest';
import { createCache } from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

describe('adapter calls of a read-through miss', () => {
  it('one key: one get (the entry alone), one conditional write for the lease, one for the fill', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    expect(await cache.getOrLoad('k', async () => ({ v: 1 }), { ttlMilliseconds: 60_000 })).toEqual(
      { v: 1 },
    );
    expect(adapter.calls.map((call) => call.method)).toEqual([
      'get',
      'compareAndSet',
      'compareAndSet',
    ]);
    expect(adapter.calls[0]!.keys).toEqual(['e:k']);
    // A hit reads the entry alone.
    adapter.resetCalls();
    expect(await cache.getOrLoad('k', async () => ({ v: 2 }))).toEqual({ v: 1 });
    expect(adapter.calls.map((call) => call.method)).toEqual(['get']);
    expect(adapter.calls[0]!.keys).toEqual(['e:k']);
    // In a namespace, the namespace's version record comes in the same round trip.
    adapter.resetCalls();
    await cache.namespace('ns').getOrLoad('k', async () => ({ v: 3 }));
    adapter.resetCalls();
    await cache.namespace('ns').getOrLoad('k', async () => ({ v: 4 }));
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany']);
    expect(adapter.calls[0]!.keys).toEqual(['e/ns:k', 'n/ns']);
  });

  it('two keys: one getMany, one conditional write for both leases, one for both fills', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    await cache.getManyOrLoad(['a', 'b'], async (keys) => keys.map((key) => key.toUpperCase()));
    expect(adapter.calls.map((call) => call.method)).toEqual([
      'getMany',
      'compareAndSet',
      'compareAndSet',
    ]);
  });

  it('an adapter without compareAndSet: each conditional write is emulated by a read and a write', async () => {
    const adapter = new MapAdapter(new Map(), { compareAndSet: false });
    const cache = createCache({ adapter, burst: false });
    await cache.getOrLoad('k', async () => 1);
    expect(adapter.calls.map((call) => call.method)).toEqual([
      'get',
      'getMany',
      'setMany',
      'getMany',
      'setMany',
    ]);
  });

  it('calls of one tick share its flights; a call after the tick has ended reads for itself', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    await cache.setMany([
      { key: 'a', value: 'A' },
      { key: 'b', value: 'B' },
    ]);
    adapter.resetCalls();
    const unused = async () => {
      throw new Error('no load: every key is cached');
    };
    // Same tick: the second and third calls join the flights of the first (no read of their own).
    const sameTick = [
      cache.getManyOrLoad(['a', 'b'], unused),
      cache.getOrLoad('b', unused),
      cache.getManyOrLoad(['b', 'a'], unused),
    ];
    expect(await Promise.all(sameTick)).toEqual([['A', 'B'], 'B', ['B', 'A']]);
    expect(adapter.calls.map((call) => call.method)).toEqual(['getMany']);
    expect(cache.stats().total.joins).toBe(3);
    // A call in a microtask queued after the first call of its tick runs once the
    // tick's reads are sent: it may not join them, so it reads again.
    adapter.resetCalls();
    let later: Promise<unknown> | undefined;
    const first = cache.getOrLoad('a', unused);
    queueMicrotask(() => {
      later = cache.getOrLoad('a', unused);
    });
    expect(await first).toBe('A');
    expect(await later).toBe('A');
    expect(adapter.calls.map((call) => call.method)).toEqual(['get', 'get']);
    expect(cache.stats().total.joins).toBe(3);
  });
});

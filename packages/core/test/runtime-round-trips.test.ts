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
});

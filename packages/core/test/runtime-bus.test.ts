import { describe, expect, it } from 'vitest';
import { createCache, InvalidOptionsError } from '../src/index.js';
import { createLocalBus } from '../src/testing/runtime/local-bus.js';
import { MapAdapter } from './support/map-adapter.js';

const LONG = { ttlMilliseconds: 600_000 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

function twoProcesses(channel: string) {
  const adapter = new MapAdapter();
  const busA = createLocalBus(channel);
  const busB = createLocalBus(channel);
  const a = createCache({ adapter, bus: busA, burst: LONG });
  const b = createCache({ adapter, bus: busB, burst: LONG });
  return { adapter, a, b, busA, busB };
}

describe('bus', () => {
  it('a message from another process drops keys, tags and everything (clear) from L1', async () => {
    const { a, b } = twoProcesses('drops');
    await Promise.all([a.ready(), b.ready()]);
    await a.getOrLoad('k', async () => 'k1');
    await a.getOrLoad('t', async () => 't1', { tags: ['tag'] });
    await a.getOrLoad('other', async () => 'o1');
    await b.invalidate({ keys: ['k'] });
    await b.invalidateTags(['tag']);
    await tick();
    expect(await a.getOrLoad('k', async () => 'k2')).toBe('k2');
    expect(await a.getOrLoad('t', async () => 't2', { tags: ['tag'] })).toBe('t2');
    expect(await a.getOrLoad('other', async () => 'unused')).toBe('o1');
    await b.clear();
    await tick();
    expect(await a.getOrLoad('other', async () => 'o2')).toBe('o2');
  });

  it('plain set and delete tell other processes to drop the key (best effort)', async () => {
    const { a, b } = twoProcesses('writes');
    await Promise.all([a.ready(), b.ready()]);
    await a.getOrLoad('k', async () => 'v1');
    await b.set('k', 'v2');
    await tick();
    expect(await a.getOrLoad('k', async () => 'unused')).toBe('v2');
    await b.delete('k');
    await tick();
    expect(await a.getOrLoad('k', async () => 'v3')).toBe('v3');
  });

  it('ignores its own messages and flushes L1 on a gap', async () => {
    const { adapter, a, busA } = twoProcesses('gap');
    const gaps: unknown[] = [];
    a.on('bus-gap', (event) => gaps.push(event));
    await a.ready();
    await a.getOrLoad('k', async () => 'v1');
    await busA.publish({ origin: 'elsewhere', keys: ['e:unrelated'] });
    await tick();
    expect(await a.getOrLoad('k', async () => 'unused')).toBe('v1');
    // Changed by a process whose message was lost.
    await createCache({ adapter }).set('k', 'v2');
    expect(await a.getOrLoad('k', async () => 'unused')).toBe('v1');
    busA.simulateGap();
    expect(gaps).toHaveLength(1);
    expect(await a.getOrLoad('k', async () => 'unused')).toBe('v2');
  });

  it('unsubscribes on dispose, and reports a failed subscription as a backend-error', async () => {
    const bus = createLocalBus('dispose');
    const listener = createLocalBus('dispose');
    let unsubscribed = 0;
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = async (subscriber) => {
      const stop = await subscribe(subscriber);
      return async () => {
        unsubscribed++;
        await stop();
      };
    };
    const cache = createCache({ adapter: new MapAdapter(), bus });
    await cache.ready();
    await cache.dispose();
    expect(unsubscribed).toBe(1);
    await listener.dispose();

    const errors: string[] = [];
    const broken = createLocalBus('broken');
    broken.subscribe = () => Promise.reject(new Error('no subscription'));
    const failing = createCache({
      adapter: new MapAdapter(),
      bus: broken,
      onEvent: (event) => {
        if (event.type === 'backend-error') errors.push(event.operation);
      },
    });
    await failing.ready();
    expect(errors).toEqual(['subscribe']);
  });

  it('refuses a bus that is not an InvalidationBus', () => {
    expect(() => createCache({ adapter: new MapAdapter(), bus: {} as never })).toThrow(
      InvalidOptionsError,
    );
  });
});

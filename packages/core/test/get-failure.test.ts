import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  type CacheEvent,
  ClosedError,
  createCache,
  InvalidOptionsError,
} from '../src/index.js';
import { switchable } from '../src/testing/index.js';
import { MapAdapter } from './support/map-adapter.js';

function setup(getFailure?: 'reject' | 'miss') {
  const adapter = switchable(new MapAdapter());
  const events: CacheEvent[] = [];
  const cache = createCache({
    adapter,
    ...(getFailure === undefined ? {} : { getFailure }),
    onEvent: (event) => events.push(event),
  });
  return { adapter, cache, events };
}

describe('getFailure: plain get / getMany / has on a failed L2', () => {
  it("rejects by default ('reject'): not cached and could not tell stay apart", async () => {
    const { adapter, cache } = setup();
    await cache.set('k', 'v');
    adapter.failing.add('get');
    adapter.failing.add('getMany');
    await expect(cache.get('k')).rejects.toThrow(BackendUnavailableError);
    await expect(cache.getMany(['k', 'j'])).rejects.toThrow(BackendUnavailableError);
    await expect(cache.has('k')).rejects.toThrow(BackendUnavailableError);
  });

  it("'miss' answers a miss per key and reports backend-error (operation read)", async () => {
    const { adapter, cache, events } = setup('miss');
    await cache.set('k', 'v');
    await cache.namespace('ns').set('k', 'v');
    adapter.failing.add('get');
    adapter.failing.add('getMany');
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getMany(['k', 'j', 'k'])).toEqual([undefined, undefined, undefined]);
    expect(await cache.has('k')).toBe(false);
    // Namespaces share the root's policy.
    expect(await cache.namespace('ns').get('k')).toBeUndefined();
    const reported = events.filter((event) => event.type === 'backend-error');
    expect(reported).toHaveLength(4);
    for (const event of reported) {
      expect(event).toMatchObject({ operation: 'read' });
      expect(BackendUnavailableError.isInstance((event as { error: unknown }).error)).toBe(true);
    }
    // L2 back: values read again.
    adapter.failing.clear();
    expect(await cache.get('k')).toBe('v');
    expect(await cache.getMany(['k', 'j'])).toEqual(['v', undefined]);
  });

  it("'miss' also covers a failed read of tag versions while decoding", async () => {
    const { adapter, cache } = setup('miss');
    await cache.set('k', 'v', { tags: ['t'] });
    // The entry reads (get), then its tag versions fail (getMany).
    adapter.failing.add('getMany');
    expect(await cache.get('k')).toBeUndefined();
    expect(adapter.callCounts.get).toBeGreaterThan(0);
    adapter.failing.clear();
    expect(await cache.get('k')).toBe('v');
  });

  it('a disposed adapter still rejects with ClosedError under miss', async () => {
    const { adapter, cache } = setup('miss');
    await adapter.dispose();
    await expect(cache.get('k')).rejects.toThrow(ClosedError);
    await expect(cache.getMany(['k'])).rejects.toThrow(ClosedError);
  });

  it('validates the option', () => {
    expect(() => createCache({ adapter: new MapAdapter(), getFailure: 'ignore' as never })).toThrow(
      InvalidOptionsError,
    );
    expect(() => createCache({ adapter: new MapAdapter(), getFailure: 'ignore' as never })).toThrow(
      /"getFailure".*ignore/,
    );
  });
});

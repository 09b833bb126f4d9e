import { testServices } from '@pc/test-services';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';
import { rawClient, uniqueNamespace } from './helpers.js';

const { memcached, memcachedPool } = testServices();

describe('clear without flush_all', () => {
  const raw = rawClient(memcached.location);
  afterAll(() => raw.end());

  it('leaves other data on the server alone', async () => {
    const adapter = createMemcachedAdapter({
      servers: memcached.location,
      namespace: uniqueNamespace('clear'),
    });
    const foreign = `not-pc-${uniqueNamespace('foreign')}`;
    await raw.set(foreign, 'someone else’s');
    await adapter.set('k', { payload: 'v' });
    await adapter.clear();
    expect(await adapter.get('k')).toBeUndefined();
    expect(await raw.get(foreign)).toBe('someone else’s');
    await raw.delete(foreign);
    await adapter.dispose();
  });

  it('reads as misses when the generation record is lost, on that server only', async () => {
    const namespace = uniqueNamespace('lost');
    const ring = rawClient(memcachedPool.locations);
    const adapter = createMemcachedAdapter({ servers: memcachedPool.locations, namespace });
    const keys = Array.from({ length: 30 }, (_, index) => `key-${index}`);
    await adapter.setMany(keys.map((key) => [key, { payload: key }]));
    // Evicted or deleted behind the adapter's back: entries on that server can no
    // longer be proven current, so they fail closed.
    const generation = `pc:${namespace}:!g0`;
    const lostOn = ring.serverFor(generation);
    await ring.delete(generation);
    const read = await adapter.getMany(keys);
    const onLost = keys.map((key) => ring.serverFor(`pc:${namespace}:=${key}`) === lostOn);
    expect(read.map((found) => found?.payload)).toEqual(
      keys.map((key, index) => (onLost[index] ? undefined : key)),
    );
    // The next write creates a new generation and works.
    expect(await adapter.set(keys[onLost.indexOf(true)]!, { payload: 'again' })).toBe(true);
    expect((await adapter.get(keys[onLost.indexOf(true)]!))?.payload).toBe('again');
    ring.end();
    await adapter.clear();
    await adapter.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import {
  type Cache,
  createCache,
  createInvalidatorRegistry,
  createRepositoryEvents,
  createStoreInvalidator,
  defineStore,
  type InvalidateEvent,
} from '../src/index.js';
import { recordCalls } from '../src/testing/store-kit/call-recorder.js';
import { MapAdapter } from './support/map-adapter.js';

type ContentEvent = InvalidateEvent<'content', number>;

function setup() {
  const adapter = new MapAdapter();
  const cache = createCache({ adapter, burst: false });
  const recorded = recordCalls<Cache>(cache);
  const content = defineStore<number, string, ContentEvent>({
    name: 'content',
    key: (id) => String(id),
    load: async (id) => `content ${id}`,
    invalidatedBy: { content: (event) => ({ ids: event.ids }) },
  });
  const registry = createInvalidatorRegistry(recorded.proxy, [createStoreInvalidator(content)]);
  const events = createRepositoryEvents(registry);
  const invalidations = () => recorded.calls.filter((call) => call.method === 'invalidate');
  return { adapter, cache, events, invalidations };
}

describe('repository events', () => {
  it('emits after a successful write and returns what the write returned', async () => {
    const { cache, events, invalidations } = setup();
    await cache.set('content:1', 'old');
    const order: string[] = [];
    const result = await events.onUpdate({ entity: 'content', ids: [1] }, async () => {
      order.push('write');
      expect(invalidations()).toEqual([]);
      return 'written';
    });
    expect(result).toBe('written');
    expect(order).toEqual(['write']);
    expect(invalidations()).toEqual([
      { method: 'invalidate', args: [{ keys: ['content:1'], tags: [] }] },
    ]);
    expect(await cache.get('content:1')).toBeUndefined();
  });

  it('builds the event from the write result (a new id)', async () => {
    const { events, invalidations } = setup();
    await events.onCreate(
      (id) => ({ entity: 'content', ids: [id] }),
      async () => 42,
    );
    expect(invalidations()[0]?.args[0]).toEqual({ keys: ['content:42'], tags: [] });
  });

  it('a failed write emits nothing and rethrows', async () => {
    const { events, invalidations } = setup();
    const failure = new Error('constraint violated');
    await expect(
      events.onDelete({ entity: 'content', ids: [1] }, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(invalidations()).toEqual([]);
  });

  it('inside a transaction the invalidation waits for the commit', async () => {
    const { adapter, cache, events } = setup();
    const otherProcess = createCache({ adapter, burst: false });
    await cache.set('content:1', 'old');
    await cache.transaction(async () => {
      await events.onUpdate({ entity: 'content', ids: [1] }, async () => undefined);
      // Nothing is invalidated before the commit (another process still reads it).
      expect(await otherProcess.get('content:1')).toBe('old');
    });
    expect(await cache.get('content:1')).toBeUndefined();
  });

  it('a rolled back transaction drops the events', async () => {
    const { cache, events } = setup();
    await cache.set('content:1', 'old');
    await expect(
      cache.transaction(async () => {
        await events.onUpdate({ entity: 'content', ids: [1] }, async () => undefined);
        throw new Error('rollback');
      }),
    ).rejects.toThrowError('rollback');
    expect(await cache.get('content:1')).toBe('old');
  });

  it('emit sends complete events for a write the caller ran itself', async () => {
    const { events, invalidations } = setup();
    await events.emit([
      { entity: 'content', action: 'delete', ids: [1, 2] },
      { entity: 'content', action: 'update', ids: [2] },
    ]);
    expect(invalidations()[0]?.args[0]).toEqual({ keys: ['content:1', 'content:2'], tags: [] });
  });
});

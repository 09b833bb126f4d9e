import { afterEach, describe, expect, it } from 'vitest';
import {
  bindStore,
  type Cache,
  createCache,
  createStoreInvalidator,
  defineStore,
  type InvalidateEvent,
  InvalidOptionsError,
  wireCachedSource,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

type NoteChanged = InvalidateEvent<'note', number>;

const rows = new Map<number, string>([
  [1, 'one'],
  [2, 'two'],
]);

const notesStore = defineStore<number, string, NoteChanged>({
  name: 'notes',
  key: (id) => String(id),
  load: async (id) => rows.get(id),
  invalidatedBy: { note: (event) => ({ ids: event.ids }) },
});
const notesInvalidator = createStoreInvalidator(notesStore);

describe('wireCachedSource', () => {
  const caches: Cache[] = [];
  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.dispose();
  });
  const newCache = (): Cache => {
    const cache = createCache({ adapter: new MapAdapter() });
    caches.push(cache);
    return cache;
  };

  it('names the package when cache or source is missing', () => {
    const owner = { name: 'store-notes', invalidators: [notesInvalidator] };
    const noSource = { cache: newCache(), source: undefined as unknown as object };
    expect(() => wireCachedSource(noSource, owner)).toThrow(InvalidOptionsError);
    expect(() => wireCachedSource(noSource, owner)).toThrow(
      '[pc:store-notes] set "cache" and "source"',
    );
    const noCache = { cache: null as unknown as Cache, source: {} };
    expect(() => wireCachedSource(noCache, owner)).toThrow(
      '[pc:store-notes] set "cache" and "source"',
    );
  });

  it("without a registry, events go through the package's own invalidators", async () => {
    const cache = newCache();
    const { events } = wireCachedSource(
      { cache, source: {} },
      { name: 'store-notes', invalidators: [notesInvalidator] },
    );
    const notes = bindStore(cache, notesStore);
    expect(await notes.get(1)).toBe('one');
    rows.set(1, 'uno');
    expect(await notes.get(1)).toBe('one');
    await events.onUpdate({ entity: 'note', ids: [1] }, async () => undefined);
    expect(await notes.get(1)).toBe('uno');
    rows.set(1, 'one');
  });

  it('with a registry, events go to it and not to a default one', async () => {
    const dispatched: unknown[] = [];
    const { events } = wireCachedSource<object, NoteChanged>(
      {
        cache: newCache(),
        source: {},
        registry: {
          dispatch: async (event) => {
            dispatched.push(event);
            return { keys: [], tags: [] };
          },
        },
      },
      { name: 'store-notes', invalidators: [] },
    );
    await events.onDelete({ entity: 'note', ids: [2] }, async () => undefined);
    expect(dispatched).toEqual([{ entity: 'note', ids: [2], action: 'delete' }]);
  });

  it('getManyAsMap keys found values by id and leaves missing ids out', async () => {
    const cache = newCache();
    const { getManyAsMap } = wireCachedSource(
      { cache, source: {} },
      { name: 'store-notes', invalidators: [notesInvalidator] },
    );
    const found = await getManyAsMap(bindStore(cache, notesStore), [2, 9, 1]);
    expect([...found]).toEqual([
      [2, 'two'],
      [1, 'one'],
    ]);
  });
});

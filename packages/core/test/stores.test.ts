import { describe, expect, it } from 'vitest';
import {
  bindStore,
  createCache,
  defineStore,
  InvalidKeyError,
  InvalidOptionsError,
  type StoreDefinition,
  storeIndexKey,
  storeKey,
} from '../src/index.js';
import { MapAdapter } from './support/map-adapter.js';

interface Content {
  readonly id: number;
  readonly remoteId: string;
  readonly typeId: number;
  readonly name: string;
}

/** A pretend database that counts what it is asked. */
class ContentTable {
  readonly rows = new Map<number, Content>([
    [1, { id: 1, remoteId: 'r-one', typeId: 10, name: 'one' }],
    [2, { id: 2, remoteId: 'r-two', typeId: 10, name: 'two' }],
    [3, { id: 3, remoteId: 'r-three', typeId: 20, name: 'three' }],
    [4, { id: 4, remoteId: 'r-four', typeId: 20, name: 'four' }],
  ]);
  readonly loads: number[] = [];
  readonly batches: number[][] = [];
  readonly remoteLoads: string[] = [];

  async load(id: number): Promise<Content | undefined> {
    this.loads.push(id);
    return this.rows.get(id);
  }

  async loadMany(ids: readonly number[]): Promise<Map<number, Content>> {
    this.batches.push([...ids]);
    const found = new Map<number, Content>();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row !== undefined) found.set(id, row);
    }
    return found;
  }

  async loadByRemoteId(remoteId: string): Promise<Content | undefined> {
    this.remoteLoads.push(remoteId);
    return [...this.rows.values()].find((row) => row.remoteId === remoteId);
  }
}

function contentStore(table: ContentTable): StoreDefinition<number, Content> {
  return defineStore<number, Content>({
    name: 'content',
    key: (id) => String(id),
    tags: (id, value) => [`content-${id}`, `content-fields-type-${value.typeId}`],
    ttlMilliseconds: 60_000,
    load: (id) => table.load(id),
    loadMany: (ids) => table.loadMany(ids),
    idOf: (value) => value.id,
    indices: {
      remoteId: {
        identifierOf: (value) => value.remoteId,
        load: (remoteId) => table.loadByRemoteId(remoteId),
      },
    },
  });
}

function setup(options: { burst?: false } = {}) {
  const adapter = new MapAdapter();
  const cache = createCache({ adapter, burst: options.burst ?? false });
  const table = new ContentTable();
  const store = bindStore(cache, contentStore(table));
  return { adapter, cache, table, store };
}

describe('defineStore', () => {
  const valid = { name: 'things', key: (id: string) => id, load: async () => 1 };

  it('returns the definition it was given', () => {
    expect(defineStore(valid)).toBe(valid);
  });

  it.each([
    [{ ...valid, name: 'has space' }, '"name"'],
    [{ ...valid, name: 'a:b' }, '"name"'],
    [{ ...valid, key: 'x' }, '"key"'],
    [{ ...valid, load: undefined }, '"load"'],
    [{ ...valid, ttlMilliseconds: 0 }, '"ttlMilliseconds"'],
    [{ ...valid, ttlMilliseconds: Number.NaN }, '"ttlMilliseconds"'],
    [{ ...valid, burst: { ttlMilliseconds: -1 } }, '"burst.ttlMilliseconds"'],
    [{ ...valid, loadMany: 3 }, '"loadMany"'],
    [{ ...valid, indices: { byName: { identifierOf: () => 'x', load: async () => 1 } } }, '"idOf"'],
    [
      {
        ...valid,
        idOf: () => 'x',
        indices: { 'by name': { identifierOf: () => 'x', load: async () => 1 } },
      },
      'index name',
    ],
    [{ ...valid, idOf: () => 'x', indices: { byName: {} } }, 'identifierOf'],
    [{ ...valid, invalidatedBy: { thing: 'x' } }, '"invalidatedBy.thing"'],
    [{ ...valid, ttl: 5 }, '"ttl"'],
  ])('rejects an invalid definition (%#) naming %s', (definition, named) => {
    expect(() => defineStore(definition as never)).toThrowError(InvalidOptionsError);
    expect(() => defineStore(definition as never)).toThrowError(named);
  });

  it('keys are <name>:<key>, index keys <name>@<index>:<identifier>; empty keys are refused', () => {
    const definition = defineStore<string, number>({
      name: 'things',
      key: (id) => id,
      load: async () => 1,
    });
    expect(storeKey(definition, 'a:b')).toBe('things:a:b');
    expect(storeIndexKey('things', 'byName', 'x')).toBe('things@byName:x');
    expect(() => storeKey(definition, '')).toThrowError(InvalidKeyError);
    expect(() => storeIndexKey('things', 'byName', '')).toThrowError(InvalidKeyError);
  });
});

describe('bound store', () => {
  it('get loads once, then serves from the cache with the definition tags and TTL', async () => {
    const { store, table, cache } = setup();
    expect(await store.get(1)).toEqual(table.rows.get(1));
    expect(await store.get(1)).toEqual(table.rows.get(1));
    expect(table.loads).toEqual([1]);
    await cache.invalidateTags(['content-fields-type-10']);
    expect(await store.get(1)).toEqual(table.rows.get(1));
    expect(table.loads).toEqual([1, 1]);
  });

  it('get of a missing id returns undefined and caches nothing', async () => {
    const { store, table } = setup();
    expect(await store.get(99)).toBeUndefined();
    expect(await store.get(99)).toBeUndefined();
    expect(table.loads).toEqual([99, 99]);
  });

  it('getMany: one adapter read, one loadMany with exactly the missing ids, input order kept', async () => {
    const { store, table, adapter } = setup();
    await store.get(2);
    table.loads.length = 0;
    adapter.resetCalls();
    const values = await store.getMany([4, 2, 99, 1, 4]);
    expect(values.map((value) => value?.name)).toEqual(['four', 'two', undefined, 'one', 'four']);
    expect(table.batches).toEqual([[4, 99, 1]]);
    expect(table.loads).toEqual([]);
    const entryReads = adapter
      .callsOf('getMany')
      .filter((call) => call.keys.some((key) => key.startsWith('e')));
    expect(entryReads).toHaveLength(1);
  });

  it('getMany tags every loaded entry by its own id', async () => {
    const { store, table, cache } = setup();
    await store.getMany([1, 2, 3]);
    await cache.invalidateTags(['content-2']);
    table.batches.length = 0;
    await store.getMany([1, 2, 3]);
    expect(table.batches).toEqual([[2]]);
  });

  it('getMany without loadMany loads each missing id', async () => {
    const adapter = new MapAdapter();
    const cache = createCache({ adapter, burst: false });
    const table = new ContentTable();
    const store = bindStore(cache, { ...contentStore(table), loadMany: undefined });
    expect((await store.getMany([3, 1])).map((value) => value?.id)).toEqual([3, 1]);
    expect(table.loads.sort()).toEqual([1, 3]);
    expect(table.batches).toEqual([]);
  });

  it('invalidate(ids) drops those ids only', async () => {
    const { store, table } = setup();
    await store.getMany([1, 2]);
    await store.invalidate([1]);
    await store.getMany([1, 2]);
    expect(table.batches).toEqual([[1, 2], [1]]);
  });

  it('keyOf and indexKeyOf give the keys the store uses', () => {
    const { store } = setup();
    expect(store.keyOf(7)).toBe('content:7');
    expect(store.indexKeyOf('remoteId', 'r-7')).toBe('content@remoteId:r-7');
    expect(() => store.indexKeyOf('name', 'x')).toThrowError(InvalidOptionsError);
  });
});

describe('secondary indices', () => {
  it('a lookup by id fills the lookup by remote id', async () => {
    const { store, table } = setup();
    await store.get(1);
    expect(await store.getBy('remoteId', 'r-one')).toEqual(table.rows.get(1));
    expect(table.remoteLoads).toEqual([]);
    expect(table.loads).toEqual([1]);
  });

  it('getMany fills the index of every loaded value', async () => {
    const { store, table } = setup();
    await store.getMany([1, 2]);
    expect((await store.getBy('remoteId', 'r-two'))?.id).toBe(2);
    expect(table.remoteLoads).toEqual([]);
  });

  it('a lookup by remote id fills the lookup by id', async () => {
    const { store, table } = setup();
    expect((await store.getBy('remoteId', 'r-three'))?.id).toBe(3);
    expect((await store.get(3))?.name).toBe('three');
    expect(table.remoteLoads).toEqual(['r-three']);
    expect(table.loads).toEqual([]);
  });

  it('invalidating the id drops both lookups', async () => {
    const { store, table } = setup();
    await store.get(1);
    table.rows.set(1, { ...table.rows.get(1)!, name: 'one, renamed' });
    await store.invalidate([1]);
    expect((await store.getBy('remoteId', 'r-one'))?.name).toBe('one, renamed');
    expect((await store.get(1))?.name).toBe('one, renamed');
    expect(table.loads).toEqual([1, 1]);
  });

  it('a pointer whose identifier moved to another entity is caught and repaired', async () => {
    const { store, table } = setup();
    await store.get(1);
    // r-one now belongs to 4; 1 gets a new remote id.
    table.rows.set(1, { ...table.rows.get(1)!, remoteId: 'r-new' });
    table.rows.set(4, { ...table.rows.get(4)!, remoteId: 'r-one' });
    await store.invalidate([1]);
    expect((await store.getBy('remoteId', 'r-one'))?.id).toBe(4);
    table.remoteLoads.length = 0;
    expect((await store.getBy('remoteId', 'r-one'))?.id).toBe(4);
    expect(table.remoteLoads).toEqual([]);
  });

  it('an identifier nothing has any more reads as undefined', async () => {
    const { store, table } = setup();
    await store.get(2);
    table.rows.delete(2);
    await store.invalidate([2]);
    expect(await store.getBy('remoteId', 'r-two')).toBeUndefined();
    expect(await store.getBy('remoteId', 'nobody')).toBeUndefined();
  });

  it('getBy of an unknown index rejects with InvalidOptionsError', async () => {
    const { store } = setup();
    await expect(store.getBy('name', 'x')).rejects.toThrowError(InvalidOptionsError);
  });
});

describe('store burst policy', () => {
  it('burst: false keeps a store out of L1; other stores get the cache burst layer', async () => {
    const adapter = new MapAdapter();
    const here = createCache({ adapter, burst: { ttlMilliseconds: 60_000 } });
    const elsewhere = createCache({ adapter, burst: false });
    let version = 1;
    const definition = (name: string, burst?: false) =>
      defineStore<string, number>({
        name,
        key: (id) => id,
        load: async () => version,
        ...(burst === undefined ? {} : { burst }),
      });
    const direct = bindStore(here, definition('direct', false));
    const burst = bindStore(here, definition('burst'));
    await direct.get('x');
    await burst.get('x');
    version = 2;
    // Another process invalidates (no bus here): only L2 sees it.
    await elsewhere.invalidate({ keys: ['direct:x', 'burst:x'] });
    expect(await direct.get('x')).toBe(2);
    expect(await burst.get('x')).toBe(1);
  });
});

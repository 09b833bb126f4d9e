import { bindStore, type Cache, createCache, defineStore } from '@pc/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter, createMemoryStore, type MemoryAdapter } from '../src/index.js';

/*
 * Issue 12, defects 1 and 6, on memory adapters sharing one store (the memory
 * backend's "several processes"): a load that raced an invalidation must never
 * come back once the backend loses records (here: LRU eviction at maxItems), and
 * a value loaded without a TTL has no expiry at all.
 *
 * Adapter keys the Cache uses (KeySpace in @pc/core): an entry is `e:<key>` at the
 * root and `e/<namespace>:<key>` in a namespace; a namespace's version record is
 * `n/<namespace>`.
 */

const OLD = 'old value';
const NEW = 'new value';
const DAY = 24 * 60 * 60 * 1000;
/** Item cap of the shared store in the eviction tests. */
const MAX_ITEMS = 64;

const RUN = Math.random().toString(36).slice(2, 8);
let counter = 0;
/** A name no other test uses (valid as adapter and cache namespace). */
function uniqueName(label: string): string {
  counter += 1;
  return `${label}-${RUN}-${counter}`;
}

function entryKeyOf(key: string, namespace?: string): string {
  return namespace === undefined ? `e:${key}` : `e/${namespace}:${key}`;
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Caches over separate adapter instances of one backend: two "processes" and a fresh one. */
interface Processes {
  readonly a: Cache;
  readonly b: Cache;
  readonly fresh: Cache;
}

/**
 * A's `getOrLoad(key)` misses and its loader waits on a gate; B invalidates `key`;
 * the loader is released with OLD, and A's caller gets OLD (it asked before the
 * invalidation).
 */
async function loadRacingInvalidation({ a, b }: Processes, key: string): Promise<void> {
  const loaderStarted = deferred();
  const release = deferred();
  const loading = a.getOrLoad(key, async () => {
    loaderStarted.resolve();
    await release.promise;
    return OLD;
  });
  await loaderStarted.promise;
  await b.invalidate({ keys: [key] });
  release.resolve();
  expect(await loading).toBe(OLD);
}

/**
 * Through every cache and every read: OLD never comes back. The loads use
 * `ttlMilliseconds: 0` (returned, not stored), so each read sees the same L2
 * state; at the end a new value is loaded, stored and shared as usual.
 */
async function expectInvalidatedValueGone(processes: Processes, key: string): Promise<void> {
  for (const [name, cache] of Object.entries(processes) as Array<[string, Cache]>) {
    expect(await cache.get(key), `get through ${name}`).toBeUndefined();
    expect(
      await cache.getOrLoad(key, () => NEW, { ttlMilliseconds: 0 }),
      `getOrLoad through ${name}`,
    ).toBe(NEW);
    expect(
      await cache.getManyOrLoad([key], async (keys) => keys.map(() => NEW), {
        ttlMilliseconds: 0,
      }),
      `getManyOrLoad through ${name}`,
    ).toEqual([NEW]);
  }
  expect(await processes.fresh.getOrLoad(key, () => NEW)).toBe(NEW);
  expect(await processes.a.get(key)).toBe(NEW);
  expect(await processes.b.get(key)).toBe(NEW);
}

const opened: Array<Cache | MemoryAdapter> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const resource of opened.splice(0).reverse()) await resource.dispose();
});

/** Three adapters of one namespace on one store, each under its own Cache (L1 off). */
function openProcesses(maxItems?: number): {
  root: Processes;
  adapters: { a: MemoryAdapter; b: MemoryAdapter; fresh: MemoryAdapter };
} {
  const store = createMemoryStore(maxItems === undefined ? {} : { maxItems });
  const namespace = uniqueName('stay-gone');
  const open = () => {
    const adapter = createMemoryAdapter({ namespace, store });
    // L1 off: without a bus, A's own L1 may serve what it loaded for its burst TTL
    // (DESIGN invariant 1); these tests look at the shared layer.
    const cache = createCache({ adapter, burst: false });
    opened.push(adapter, cache);
    return { adapter, cache };
  };
  const [a, b, fresh] = [open(), open(), open()];
  return {
    root: { a: a.cache, b: b.cache, fresh: fresh.cache },
    adapters: { a: a.adapter, b: b.adapter, fresh: fresh.adapter },
  };
}

function inNamespace(processes: Processes, name: string): Processes {
  return {
    a: processes.a.namespace(name),
    b: processes.b.namespace(name),
    fresh: processes.fresh.namespace(name),
  };
}

async function keysOf(adapter: MemoryAdapter): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of adapter.keys()) keys.push(key);
  return keys;
}

describe('a value loaded while its key was invalidated stays gone after LRU eviction (maxItems)', () => {
  it.each([
    { where: 'at the root', namespace: undefined },
    { where: 'in a namespace', namespace: uniqueName('ns') },
  ])('$where', async ({ namespace }) => {
    const { root, adapters } = openProcesses(MAX_ITEMS);
    const processes = namespace === undefined ? root : inNamespace(root, namespace);
    const key = 'item';
    await loadRacingInvalidation(processes, key);

    // Records a reader of the key needs besides any fence: its entry, and the
    // namespace's version record. Reading them keeps them recently used.
    const kept = [
      entryKeyOf(key, namespace),
      ...(namespace === undefined ? [] : [`n/${namespace}`]),
    ];
    const before = await keysOf(adapters.a);
    // Twice the cap: whatever was there, everything not read during the flood goes.
    for (let index = 0; index < 2 * MAX_ITEMS; index++) {
      await adapters.b.set(`flood-${index}`, { payload: 'x' });
      for (const record of kept) await adapters.a.get(record);
    }
    // The loss happened: the store is full of flood keys, and every record that
    // existed before the flood and was not read during it is gone.
    const after = await keysOf(adapters.a);
    expect(after).toHaveLength(MAX_ITEMS);
    expect(after).not.toContain('flood-0');
    expect(before.filter((record) => !kept.includes(record) && after.includes(record))).toEqual([]);

    await expectInvalidatedValueGone(processes, key);
  });
});

describe('a value loaded without a TTL never expires', () => {
  async function expectNoExpiry(adapter: MemoryAdapter, adapterKey: string, value: string) {
    const entry = await adapter.get(adapterKey);
    expect(entry, `entry ${adapterKey}`).toBeDefined();
    expect(entry!.expiresAt, `expiresAt of ${adapterKey}`).toBeUndefined();
    expect(entry!.payload).toContain(value);
  }

  it('through getOrLoad, getManyOrLoad, a namespace and a store without ttlMilliseconds', async () => {
    const { root, adapters } = openProcesses();
    const namespace = uniqueName('ns');
    const store = bindStore(
      root.a,
      defineStore<string, string>({
        name: 'things',
        key: (id) => id,
        load: async (id) => `thing ${id}`,
      }),
    );

    expect(await root.a.getOrLoad('one', () => 'value one')).toBe('value one');
    expect(
      await root.a.getManyOrLoad(['two'], async (keys) => keys.map(() => 'value two')),
    ).toEqual(['value two']);
    expect(await root.a.namespace(namespace).getOrLoad('three', () => 'value three')).toBe(
      'value three',
    );
    expect(await store.get('4')).toBe('thing 4');

    await expectNoExpiry(adapters.a, entryKeyOf('one'), 'value one');
    await expectNoExpiry(adapters.a, entryKeyOf('two'), 'value two');
    await expectNoExpiry(adapters.a, entryKeyOf('three', namespace), 'value three');
    await expectNoExpiry(adapters.a, entryKeyOf(store.keyOf('4')), 'thing 4');

    // The memory adapter checks expiry against Date.now(): two days later every
    // value still reads, through every process, without loading again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * DAY);
    const reload = () => {
      throw new Error('loaded again: the stored value expired');
    };
    for (const cache of [root.a, root.b, root.fresh]) {
      expect(await cache.get('one')).toBe('value one');
      expect(await cache.getOrLoad('one', reload)).toBe('value one');
      expect(await cache.getManyOrLoad(['two'], reload)).toEqual(['value two']);
      expect(await cache.namespace(namespace).getOrLoad('three', reload)).toBe('value three');
      expect(await cache.get(store.keyOf('4'))).toBe('thing 4');
    }
    expect(await store.get('4')).toBe('thing 4');
  });
});

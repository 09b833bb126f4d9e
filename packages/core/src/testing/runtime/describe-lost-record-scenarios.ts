import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../cache/cache.js';
import { createCache } from '../../cache/create-cache.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { InvalidOptionsError } from '../../errors/invalid-options-error.js';
import { KeySpace } from '../../keys/key-space.js';
import { bindStore } from '../../stores/bind-store.js';
import { defineStore } from '../../stores/define-store.js';
import { createGate } from './gate.js';
import {
  LOST_RECORD_SCENARIOS_DEFAULTS,
  type LostRecordAdapters,
  type LostRecordScenariosOptions,
} from './lost-record-scenarios-options.js';

const OLD = 'old value';
const NEW = 'new value';
const DAY = 24 * 60 * 60 * 1000;
const LOSS_TIMINGS: ReadonlySet<unknown> = new Set(['after-load', 'while-loading']);

/** Caches over separate adapter instances of one backend: two "processes" and a fresh one. */
interface Processes {
  readonly a: Cache;
  readonly b: Cache;
  readonly fresh: Cache;
}

let counter = 0;
const RUN_ID = Math.random().toString(36).slice(2, 8);
/** A name no other test uses (valid as adapter and cache namespace). */
function uniqueName(label: string): string {
  counter += 1;
  return `${label}-${RUN_ID}-${counter}`;
}

const entryKeyOf = (key: string) => KeySpace.ROOT.entryKey(key);

/**
 * Registers the scenarios of issue 12 (defects 1 and 6) for one backend whose
 * adapter instances share records, as processes do:
 *
 * - "stays gone": A's `getOrLoad` misses and its loader waits on a gate; B
 *   invalidates the key; the backend REALLY loses records (`loseRecords`, after
 *   the load or while it runs); then `get`, `getOrLoad` and `getManyOrLoad`
 *   through A, B and a fresh process never return the old value, at the root
 *   and in a cache namespace.
 * - "no TTL": values loaded without `ttlMilliseconds` (getOrLoad,
 *   getManyOrLoad, a namespace, a store) have no expiry in the backend
 *   (`expectNoExpiry`) and are read again without loading.
 *
 * ```ts
 * describeLostRecordScenarios({
 *   name: 'memory',
 *   backend: () => {
 *     const store = createMemoryStore({ maxItems: 64 });
 *     return ({ namespace }) => createMemoryAdapter({ namespace, store });
 *   },
 *   loss: 'LRU eviction (maxItems)',
 *   loseRecords: async ({ adapters, keep }) => { ... },
 *   expectNoExpiry: async ({ adapter, entries }) => { ... },
 *   fakeClock: true,
 * });
 * ```
 */
export function describeLostRecordScenarios<A extends CacheAdapter>(
  options: LostRecordScenariosOptions<A>,
): void {
  const resolved = resolveOptions(options);
  const opened: Array<Cache | CacheAdapter> = [];

  /** Three adapters of one namespace on one backend, each under its own Cache (L1 off). */
  async function openProcesses(): Promise<{
    namespace: string;
    root: Processes;
    adapters: LostRecordAdapters<A>;
  }> {
    const factory = await resolved.backend();
    const namespace = uniqueName('stay-gone');
    const open = async () => {
      const adapter = await factory({ namespace });
      // L1 off: without a bus, A's own L1 may serve what it loaded for its burst TTL
      // (the one staleness invalidation allows); these tests look at the shared layer.
      const cache = createCache({ ...resolved.cacheOptions, adapter, burst: false });
      opened.push(adapter, cache);
      return { adapter, cache };
    };
    const [a, b, fresh] = [await open(), await open(), await open()];
    return {
      namespace,
      root: { a: a.cache, b: b.cache, fresh: fresh.cache },
      adapters: { a: a.adapter, b: b.adapter, fresh: fresh.adapter },
    };
  }

  describe(`lost records: ${resolved.name}`, () => {
    afterEach(async () => {
      vi.useRealTimers();
      for (const resource of opened.splice(0).reverse()) await resource.dispose();
    });

    const { loseRecords, expectNoExpiry } = resolved;
    if (loseRecords !== undefined) {
      const places = [
        { where: 'at the root', cacheNamespace: undefined },
        ...(resolved.namespaces
          ? [{ where: 'in a namespace', cacheNamespace: uniqueName('ns') }]
          : []),
      ];
      describe(`a value loaded while its key was invalidated stays gone after ${resolved.loss}`, () => {
        it.each(places)(
          '$where',
          async ({ cacheNamespace }) => {
            const { namespace, root, adapters } = await openProcesses();
            const space =
              cacheNamespace === undefined ? KeySpace.ROOT : KeySpace.ROOT.child(cacheNamespace);
            const view =
              cacheNamespace === undefined
                ? root
                : {
                    a: root.a.namespace(cacheNamespace),
                    b: root.b.namespace(cacheNamespace),
                    fresh: root.fresh.namespace(cacheNamespace),
                  };
            const keys = await resolved.keys({ namespace, adapters, entryKeyOf });
            expect(keys.length, 'racing keys').toBeGreaterThan(0);
            const context = {
              namespace,
              adapters,
              cacheNamespace,
              keys,
              keep: [...keys.map((key) => space.entryKey(key)), ...space.namespaceTagKeys],
              entryKeyOf,
            };
            await loadRacingInvalidation(
              view,
              keys,
              resolved.lossTiming === 'while-loading' ? () => loseRecords(context) : undefined,
            );
            if (resolved.lossTiming === 'after-load') await loseRecords(context);
            for (const key of keys) await expectInvalidatedValueGone(view, key);
          },
          resolved.testTimeoutMilliseconds,
        );
      });
    }

    if (expectNoExpiry !== undefined) {
      it(
        'a value loaded without a TTL never expires: through getOrLoad, getManyOrLoad, a namespace and a store without ttlMilliseconds',
        async () => {
          const { namespace, root, adapters } = await openProcesses();
          const cacheNamespace = uniqueName('ns');
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
          expect(
            await root.a.namespace(cacheNamespace).getOrLoad('three', () => 'value three'),
          ).toBe('value three');
          expect(await store.get('4')).toBe('thing 4');

          await expectNoExpiry({
            namespace,
            adapter: adapters.a,
            entries: [
              [entryKeyOf('one'), 'value one'],
              [entryKeyOf('two'), 'value two'],
              [KeySpace.ROOT.child(cacheNamespace).entryKey('three'), 'value three'],
              [entryKeyOf(store.keyOf('4')), 'thing 4'],
            ],
          });

          if (resolved.fakeClock) {
            // The adapter checks expiry against Date.now(): two days later every
            // value still reads, through every process, without loading again.
            vi.useFakeTimers({ toFake: ['Date'] });
            vi.setSystemTime(Date.now() + 2 * DAY);
          }
          const reload = () => {
            throw new Error('loaded again: the stored value expired or is gone');
          };
          for (const cache of [root.a, root.b, root.fresh]) {
            expect(await cache.get('one')).toBe('value one');
            expect(await cache.getOrLoad('one', reload)).toBe('value one');
            expect(await cache.getManyOrLoad(['two'], reload)).toEqual(['value two']);
            expect(await cache.namespace(cacheNamespace).getOrLoad('three', reload)).toBe(
              'value three',
            );
            expect(await cache.get(store.keyOf('4'))).toBe('thing 4');
          }
          expect(await store.get('4')).toBe('thing 4');
        },
        resolved.testTimeoutMilliseconds,
      );
    }
  });
}

/**
 * A's `getOrLoad` of every key misses and its loader waits on a gate; B
 * invalidates the keys; `whileLoading` runs (a restart loses records here, before
 * the fill); the loaders are released with OLD, and A's callers get OLD (they
 * asked before the invalidation).
 */
async function loadRacingInvalidation(
  { a, b }: Processes,
  keys: readonly string[],
  whileLoading?: () => Promise<void>,
): Promise<void> {
  const release = createGate();
  const loading = keys.map((key) => {
    let enter!: () => void;
    const entered = new Promise<void>((resolve) => {
      enter = resolve;
    });
    const load = release.loader(OLD);
    const value = a.getOrLoad(key, () => {
      enter();
      return load();
    });
    return { entered, value };
  });
  await Promise.all(loading.map(({ entered }) => entered));
  await b.invalidate({ keys });
  await whileLoading?.();
  release.open();
  for (const { value } of loading) expect(await value).toBe(OLD);
}

/**
 * Through every cache and every read: OLD never comes back. The loads use
 * `ttlMilliseconds: 0` (returned, not stored), so each read sees the same L2
 * state; at the end a new value is loaded, stored and shared as usual.
 */
async function expectInvalidatedValueGone(processes: Processes, key: string): Promise<void> {
  for (const [name, cache] of Object.entries(processes) as Array<[string, Cache]>) {
    expect(await cache.get(key), `get of ${key} through ${name}`).toBeUndefined();
    expect(
      await cache.getOrLoad(key, () => NEW, { ttlMilliseconds: 0 }),
      `getOrLoad of ${key} through ${name}`,
    ).toBe(NEW);
    expect(
      await cache.getManyOrLoad([key], async (keys) => keys.map(() => NEW), {
        ttlMilliseconds: 0,
      }),
      `getManyOrLoad of ${key} through ${name}`,
    ).toEqual([NEW]);
  }
  expect(await processes.fresh.getOrLoad(key, () => NEW)).toBe(NEW);
  expect(await processes.a.get(key)).toBe(NEW);
  expect(await processes.b.get(key)).toBe(NEW);
}

/** `LostRecordScenariosOptions` with every default applied. */
type Resolved<A extends CacheAdapter> = LostRecordScenariosOptions<A> & {
  readonly loss: string;
  readonly lossTiming: 'after-load' | 'while-loading';
  readonly keys: NonNullable<LostRecordScenariosOptions<A>['keys']>;
  readonly namespaces: boolean;
  readonly fakeClock: boolean;
  readonly testTimeoutMilliseconds: number;
};

function resolveOptions<A extends CacheAdapter>(
  options: LostRecordScenariosOptions<A>,
): Resolved<A> {
  const fail = (message: string): never => {
    throw new InvalidOptionsError(`[pc:lost-record-scenarios] ${message}`);
  };
  if (typeof options !== 'object' || options === null) {
    fail('pass { name, backend, loseRecords?, expectNoExpiry?, ... }');
  }
  if (typeof options.name !== 'string' || options.name === '')
    fail('set "name" to a non-empty string');
  if (typeof options.backend !== 'function')
    fail('set "backend" to a function returning an adapter factory');
  for (const member of ['loseRecords', 'expectNoExpiry', 'keys'] as const) {
    if (options[member] !== undefined && typeof options[member] !== 'function') {
      fail(`"${member}" must be a function`);
    }
  }
  if (options.loseRecords === undefined && options.expectNoExpiry === undefined) {
    fail('set "loseRecords", "expectNoExpiry" or both: there is nothing to test');
  }
  if (options.lossTiming !== undefined && !LOSS_TIMINGS.has(options.lossTiming)) {
    fail('set "lossTiming" to "after-load" or "while-loading"');
  }
  for (const member of ['namespaces', 'fakeClock'] as const) {
    if (options[member] !== undefined && typeof options[member] !== 'boolean') {
      fail(`"${member}" must be a boolean`);
    }
  }
  if (
    options.cacheOptions !== undefined &&
    (typeof options.cacheOptions !== 'object' || options.cacheOptions === null)
  ) {
    fail('"cacheOptions" must be an object of createCache options');
  }
  if (options.loss !== undefined && typeof options.loss !== 'string')
    fail('"loss" must be a string');
  const timeout = options.testTimeoutMilliseconds;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    fail('set "testTimeoutMilliseconds" to a positive number of milliseconds');
  }
  const defaults = LOST_RECORD_SCENARIOS_DEFAULTS;
  return {
    ...options,
    loss: options.loss ?? defaults.loss,
    lossTiming: options.lossTiming ?? defaults.lossTiming,
    keys: options.keys ?? (() => defaults.keys),
    namespaces: options.namespaces ?? defaults.namespaces,
    fakeClock: options.fakeClock ?? defaults.fakeClock,
    testTimeoutMilliseconds: timeout ?? defaults.testTimeoutMilliseconds,
  };
}

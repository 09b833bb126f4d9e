import type { Cache } from '../cache/cache.js';
import type { StoreDefinition } from '../contracts/store-definition.js';
import type { GetOrLoadOptions } from '../runtime/get-or-load-options.js';
import { bindStoreWithoutL1 } from '../stores/bind-store.js';
import type { BoundStore } from '../stores/bound-store.js';
import { storeKey } from '../stores/store-key.js';
import type { BoundDerivedCache } from './bound-derived-cache.js';
import { defineDerivedCache, isDerivedCacheDefinition } from './define-derived-cache.js';
import { DependencyRecorder } from './dependency-recorder.js';
import type {
  DerivedCacheDefinition,
  DerivedCacheInputs,
  DerivedInputReader,
  DerivedInputReaders,
} from './derived-cache-definition.js';

/** What a derived cache stores: its value and the tags of everything it was computed from. */
interface DerivedEntry<Value> {
  readonly value: Value;
  readonly tags: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: inputs of any types
type AnyInput = BoundStore<any, any, any> | BoundDerivedCacheImplementation<any, any, any>;

/**
 * Binds a derived cache definition to a cache (a root cache or a namespace), with
 * every store and derived cache it uses (bound to the same cache: bind the app's
 * stores and invalidator registry there too). From then on, invalidating an input
 * entry by key, through this cache or any namespace of its root, also invalidates
 * what was computed from it: bind derived caches in every process that invalidates
 * their inputs (docs/decisions/derived-caches.md).
 * @throws InvalidOptionsError when the definition is invalid (see
 *   `defineDerivedCache`), or when a different definition with the same name as it
 *   or one of its inputs is bound to this cache.
 */
export function bindDerivedCache<Args, Value, Inputs extends DerivedCacheInputs>(
  cache: Cache,
  definition: DerivedCacheDefinition<Args, Value, Inputs>,
): BoundDerivedCache<Args, Value, Inputs> {
  return new BoundDerivedCacheImplementation(cache, defineDerivedCache(definition));
}

class BoundDerivedCacheImplementation<Args, Value, Inputs extends DerivedCacheInputs>
  implements BoundDerivedCache<Args, Value, Inputs>
{
  readonly definition: DerivedCacheDefinition<Args, Value, Inputs>;
  readonly name: string;
  readonly #cache: Cache;
  readonly #inputs: ReadonlyArray<readonly [string, AnyInput]>;
  readonly #options: GetOrLoadOptions<DerivedEntry<Value>>;
  /** Reads by a higher-layer computation: around this process's L1 (see `bindStoreWithoutL1`). */
  readonly #optionsWithoutL1: GetOrLoadOptions<DerivedEntry<Value>>;

  constructor(cache: Cache, definition: DerivedCacheDefinition<Args, Value, Inputs>) {
    cache.claimStoreName(definition.name, definition);
    this.#cache = cache;
    this.definition = definition;
    this.name = definition.name;
    this.#inputs = Object.entries(definition.uses).map(([name, input]) => {
      cache.trackDependents(input.name);
      const bound: AnyInput = isDerivedCacheDefinition(input)
        ? new BoundDerivedCacheImplementation(cache, input)
        : bindStoreWithoutL1(cache, input as StoreDefinition<unknown, unknown, never>);
      return [name, bound] as const;
    });
    const tags = (entry: DerivedEntry<Value>) => entry.tags;
    const ttl =
      definition.ttlMilliseconds === undefined
        ? {}
        : { ttlMilliseconds: definition.ttlMilliseconds };
    this.#options = {
      ...ttl,
      tags,
      ...(definition.burst === undefined ? {} : { burst: definition.burst }),
    };
    this.#optionsWithoutL1 = { ...ttl, tags, burst: false };
  }

  keyOf(args: Args): string {
    return storeKey(this.definition, args);
  }

  async get(args: Args): Promise<Value | undefined> {
    return (await this.readEntry(args, true))?.value;
  }

  async getMany(argsList: readonly Args[]): Promise<Array<Value | undefined>> {
    return (await this.readEntries(argsList, true)).map((entry) => entry?.value);
  }

  async invalidate(argsList: readonly Args[]): Promise<void> {
    if (argsList.length === 0) return;
    await this.#cache.invalidate({ keys: argsList.map((args) => this.keyOf(args)) });
  }

  /** The stored entry of `args`, computed on a miss; `l1: false` for a computation's reads. */
  readEntry(args: Args, l1: boolean): Promise<DerivedEntry<Value> | undefined> {
    return this.#cache.getOrLoad<DerivedEntry<Value> | undefined>(
      this.keyOf(args),
      () => this.#compute(args),
      l1 ? this.#options : this.#optionsWithoutL1,
    );
  }

  /** `readEntry` of many: one round trip, the misses computed concurrently. */
  async readEntries(
    argsList: readonly Args[],
    l1: boolean,
  ): Promise<Array<DerivedEntry<Value> | undefined>> {
    if (argsList.length === 0) return [];
    const keys = argsList.map((args) => this.keyOf(args));
    const argsByKey = new Map<string, Args>();
    keys.forEach((key, index) => {
      if (!argsByKey.has(key)) argsByKey.set(key, argsList[index]!);
    });
    return this.#cache.getManyOrLoad<DerivedEntry<Value>>(
      keys,
      async (missingKeys) => {
        return Promise.all(missingKeys.map((key) => this.#compute(argsByKey.get(key)!)));
      },
      l1 ? this.#options : this.#optionsWithoutL1,
    );
  }

  async #compute(args: Args): Promise<DerivedEntry<Value> | undefined> {
    const recorder = new DependencyRecorder(this.#cache.namespacePath);
    const readers: Record<string, DerivedInputReader<unknown, unknown>> = {};
    for (const [name, input] of this.#inputs) readers[name] = readerOf(input, recorder);
    let value: Value | undefined;
    let tags: readonly string[];
    try {
      value = await this.definition.compute(args, readers as DerivedInputReaders<Inputs>);
    } finally {
      tags = recorder.close();
    }
    return value === undefined ? undefined : { value, tags };
  }
}

/** A reader of one input that records every entry read through it. */
function readerOf(
  input: AnyInput,
  recorder: DependencyRecorder,
): DerivedInputReader<unknown, unknown> {
  if (input instanceof BoundDerivedCacheImplementation) {
    const record = (args: unknown, entry: DerivedEntry<unknown> | undefined) => {
      recorder.entry(input.keyOf(args));
      if (entry !== undefined) recorder.tags(entry.tags);
    };
    return {
      get: async (args) => {
        const entry = await input.readEntry(args, false);
        record(args, entry);
        return entry?.value;
      },
      getMany: async (argsList) => {
        const entries = await input.readEntries(argsList, false);
        argsList.forEach((args, index) => {
          record(args, entries[index]);
        });
        return entries.map((entry) => entry?.value);
      },
    };
  }
  const store = input;
  const record = (id: unknown, value: unknown) => {
    recorder.entry(store.keyOf(id));
    if (value !== undefined && store.definition.tags !== undefined) {
      recorder.tags(store.definition.tags(id, value));
    }
  };
  return {
    get: async (id) => {
      const value = await store.get(id);
      record(id, value);
      return value;
    },
    getMany: async (ids) => {
      const values = await store.getMany(ids);
      ids.forEach((id, index) => {
        record(id, values[index]);
      });
      return values;
    },
  };
}

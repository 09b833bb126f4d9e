import type { Cache } from '../cache/cache.js';
import type { Duration } from '../contracts/duration.js';
import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { StoreDefinition } from '../contracts/store-definition.js';
import type { StoreIndex } from '../contracts/store-index.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import type { GetOrLoadOptions } from '../runtime/get-or-load-options.js';
import type { BoundStore } from './bound-store.js';
import { defineStore } from './define-store.js';
import { storeIndexKey, storeKey } from './store-key.js';

/**
 * Binds a store definition to a cache (a root cache or a namespace). Bind the
 * app's invalidator registry to the same cache: keys are relative to it.
 * @throws InvalidOptionsError when the definition is invalid (see `defineStore`),
 *   or when a different definition with the same name is bound to this cache.
 */
export function bindStore<Id, Value, Event extends InvalidateEvent = never>(
  cache: Cache,
  definition: StoreDefinition<Id, Value, Event>,
): BoundStore<Id, Value, Event> {
  return bind(cache, definition, definition.burst);
}

/**
 * `bindStore` for the reads of a derived cache's computation: they skip this
 * process's L1, whose entry may predate an invalidation made by another process,
 * so that nothing computed from it outlives the burst TTL in L2. Internal to core.
 */
export function bindStoreWithoutL1<Id, Value, Event extends InvalidateEvent = never>(
  cache: Cache,
  definition: StoreDefinition<Id, Value, Event>,
): BoundStore<Id, Value, Event> {
  return bind(cache, definition, false);
}

function bind<Id, Value, Event extends InvalidateEvent>(
  cache: Cache,
  definition: StoreDefinition<Id, Value, Event>,
  burst: StoreDefinition<Id, Value, Event>['burst'],
): BoundStore<Id, Value, Event> {
  const defined = defineStore(definition);
  cache.claimStoreName(defined.name, definition);
  return new BoundStoreImplementation(cache, defined, burst);
}

class BoundStoreImplementation<Id, Value, Event extends InvalidateEvent>
  implements BoundStore<Id, Value, Event>
{
  readonly definition: StoreDefinition<Id, Value, Event>;
  readonly name: string;
  readonly #cache: Cache;
  readonly #indices: ReadonlyArray<readonly [string, StoreIndex<Value>]>;
  readonly #pointerOptions: GetOrLoadOptions<Id>;
  readonly #pointerTtl: { ttlMilliseconds?: Duration };

  readonly #burst: StoreDefinition<Id, Value, Event>['burst'];

  constructor(
    cache: Cache,
    definition: StoreDefinition<Id, Value, Event>,
    burst: StoreDefinition<Id, Value, Event>['burst'],
  ) {
    this.#cache = cache;
    this.definition = definition;
    this.name = definition.name;
    this.#burst = burst;
    this.#indices = Object.entries(definition.indices ?? {});
    this.#pointerOptions = withoutUndefined({
      ttlMilliseconds: definition.ttlMilliseconds,
      burst,
    });
    this.#pointerTtl = withoutUndefined({ ttlMilliseconds: definition.ttlMilliseconds });
  }

  keyOf(id: Id): string {
    return storeKey(this.definition, id);
  }

  indexKeyOf(index: string, identifier: string): string {
    this.#index(index);
    return storeIndexKey(this.name, index, identifier);
  }

  async get(id: Id): Promise<Value | undefined> {
    const key = this.keyOf(id);
    let loaded: Value | undefined;
    const value = await this.#cache.getOrLoad<Value | undefined>(
      key,
      async () => {
        loaded = await this.definition.load(id);
        return loaded;
      },
      this.#options((value) => this.#tagsOf(id, value)),
    );
    if (loaded !== undefined) await this.#fillIndices([[id, loaded]]);
    return value;
  }

  async getMany(ids: readonly Id[]): Promise<Array<Value | undefined>> {
    if (ids.length === 0) return [];
    const keys = ids.map((id) => this.keyOf(id));
    const idByKey = new Map<string, Id>();
    keys.forEach((key, index) => {
      if (!idByKey.has(key)) idByKey.set(key, ids[index]!);
    });
    const tagsByKey = new Map<string, readonly string[]>();
    const loaded: Array<readonly [Id, Value]> = [];
    const values = await this.#cache.getManyOrLoad<Value>(
      keys,
      async (missingKeys) => {
        const missingIds = missingKeys.map((key) => idByKey.get(key)!);
        const found = await this.#loadMany(missingIds);
        const byKey = new Map<string, Value>();
        missingKeys.forEach((key, index) => {
          const id = missingIds[index]!;
          if (!found.has(id)) return;
          const value = found.get(id) as Value;
          if (value === undefined) return;
          byKey.set(key, value);
          loaded.push([id, value]);
          tagsByKey.set(key, this.#tagsOf(id, value));
        });
        return byKey;
      },
      this.#options((_, key) => tagsByKey.get(key) ?? []),
    );
    if (loaded.length > 0) await this.#fillIndices(loaded);
    return values;
  }

  async getBy(index: string, identifier: string): Promise<Value | undefined> {
    const definition = this.#index(index);
    const pointerKey = storeIndexKey(this.name, index, identifier);
    let loaded: Value | undefined;
    const id = await this.#cache.getOrLoad<Id | undefined>(
      pointerKey,
      async () => {
        loaded = await definition.load(identifier);
        return loaded === undefined ? undefined : this.definition.idOf!(loaded);
      },
      this.#pointerOptions,
    );
    if (id === undefined) return undefined;
    const viaLoad = loaded;
    const value = await this.#cache.getOrLoad<Value | undefined>(
      this.keyOf(id),
      async () => viaLoad ?? (await this.definition.load(id)),
      this.#options((value) => this.#tagsOf(id, value)),
    );
    if (value !== undefined && definition.identifierOf(value) === identifier) return value;
    // The pointer led to an entity that no longer has this identifier (it moved to
    // another entity, or the entity is gone): ask the source, then repair the pointer.
    const fresh = viaLoad ?? (await definition.load(identifier));
    if (fresh === undefined) {
      await this.#quietly(() => this.#cache.delete(pointerKey));
      return undefined;
    }
    const freshId = this.definition.idOf!(fresh);
    await this.#quietly(() => this.#cache.set(pointerKey, freshId, this.#pointerTtl));
    return fresh;
  }

  async invalidate(ids: readonly Id[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#cache.invalidate({ keys: ids.map((id) => this.keyOf(id)) });
  }

  #index(index: string): StoreIndex<Value> {
    const found = this.definition.indices?.[index];
    if (found === undefined || !Object.hasOwn(this.definition.indices!, index)) {
      throw new InvalidOptionsError(
        `[pc:store] store "${this.name}" has no index "${index}"; indices: ${
          this.#indices.map(([name]) => name).join(', ') || 'none'
        }`,
      );
    }
    return found;
  }

  #tagsOf(id: Id, value: Value): readonly string[] {
    return this.definition.tags?.(id, value) ?? [];
  }

  #options(tags: (value: Value, key: string) => readonly string[]): GetOrLoadOptions<Value> {
    return withoutUndefined({
      ttlMilliseconds: this.definition.ttlMilliseconds,
      burst: this.#burst,
      tags: this.definition.tags === undefined ? undefined : tags,
      graceMilliseconds: this.definition.graceMilliseconds,
      graceBackoffMilliseconds: this.definition.graceBackoffMilliseconds,
      softTimeoutMilliseconds: this.definition.softTimeoutMilliseconds,
      hardTimeoutMilliseconds: this.definition.hardTimeoutMilliseconds,
      earlyRefresh: this.definition.earlyRefresh,
    });
  }

  async #loadMany(ids: readonly Id[]): Promise<ReadonlyMap<Id, Value>> {
    if (this.definition.loadMany !== undefined) return this.definition.loadMany(ids);
    const values = await Promise.all(ids.map((id) => this.definition.load(id)));
    const found = new Map<Id, Value>();
    values.forEach((value, index) => {
      if (value !== undefined) found.set(ids[index]!, value);
    });
    return found;
  }

  /** Writes the index pointers of freshly loaded values (best effort: a lost pointer costs a load). */
  async #fillIndices(entries: ReadonlyArray<readonly [Id, Value]>): Promise<void> {
    if (this.#indices.length === 0) return;
    const items: Array<{ key: string; value: unknown; ttlMilliseconds?: Duration }> = [];
    for (const [id, value] of entries) {
      for (const [name, index] of this.#indices) {
        const identifier = index.identifierOf(value);
        if (identifier === undefined || identifier === '') continue;
        items.push({
          key: storeIndexKey(this.name, name, identifier),
          value: id,
          ...this.#pointerTtl,
        });
      }
    }
    if (items.length > 0) await this.#quietly(() => this.#cache.setMany(items));
  }

  async #quietly(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch {
      // Reads fail open: an index pointer that was not written or repaired only
      // costs a load on the next lookup through the index.
    }
  }
}

function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as T;
}

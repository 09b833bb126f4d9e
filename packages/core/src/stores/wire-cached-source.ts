import type { Cache } from '../cache/cache.js';
import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { Invalidator } from '../contracts/invalidator.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { createInvalidatorRegistry } from '../invalidation/create-invalidator-registry.js';
import { createRepositoryEvents } from '../invalidation/create-repository-events.js';
import type { InvalidatorRegistry } from '../invalidation/invalidator-registry.js';
import type { RepositoryEvents } from '../invalidation/repository-events.js';

/** The options every cached source of a store package takes (`createCachedAclSource(...)`). */
export interface CachedSourceOptions<Source extends object, Event extends InvalidateEvent> {
  /** The cache the package's stores are bound to. */
  readonly cache: Cache;
  /**
   * The real backend: reads load from it on a miss, writes go to it. Never the
   * cached source itself.
   */
  readonly source: Source;
  /**
   * Where writes send their events: the app's registry (it must contain the
   * package's invalidators and be bound to the same cache).
   * @default a registry over `cache` with the package's invalidators only
   */
  readonly registry?: Pick<InvalidatorRegistry<Event>, 'dispatch'> | undefined;
}

/** What the package passes about itself to `wireCachedSource`. */
export interface CachedSourcePackage<Event extends InvalidateEvent> {
  /** Package name without scope, used in error messages: `"store-acls"`. */
  readonly name: string;
  /** The invalidators of the default registry (used when `options.registry` is absent). */
  readonly invalidators: ReadonlyArray<Invalidator<Event>>;
}

/** The shared parts of a cached source, from `wireCachedSource`. */
export interface CachedSourceWiring<Event extends InvalidateEvent> {
  /**
   * Repository events over `options.registry` (or the default registry): wrap
   * each write of the source so its event follows the write only when it succeeded.
   */
  readonly events: RepositoryEvents<Event>;
  /**
   * Reads `ids` through a bound store's `getMany` (one round trip, one batched
   * load for the misses) and returns what was found, keyed by id: the shape of a
   * source's batch read. Ids that do not exist are left out.
   */
  getManyAsMap<Id, Value>(
    store: { getMany(ids: readonly Id[]): Promise<ReadonlyArray<Value | undefined>> },
    ids: readonly Id[],
  ): Promise<Map<Id, Value>>;
}

/**
 * The wiring every store package's cached source repeats: checks `cache` and
 * `source`, builds the repository events (over the app's registry, or a registry
 * of the package's own invalidators), and turns `getMany` slots into a Map.
 * ```ts
 * export function createCachedAclSource(options: CachedAclSourceOptions): AclSource {
 *   const { cache, source } = options;
 *   const { events, getManyAsMap } = wireCachedSource(options, {
 *     name: 'store-acls',
 *     invalidators: [aclsInvalidator],
 *   });
 *   const acls = bindStore(cache, aclsStore(source, options.store));
 *   return createProxy(source, {
 *     getAccountAcl: (accountId) => acls.get(accountId),
 *     getAccountAcls: (accountIds) => getManyAsMap(acls, accountIds),
 *     grant: (accountId, groupId, permissions) =>
 *       events.onUpdate({ entity: 'acl', ids: [accountId] }, () =>
 *         source.grant(accountId, groupId, permissions),
 *       ),
 *   });
 * }
 * ```
 * @throws InvalidOptionsError when `cache` or `source` is missing (message
 *   prefixed with the package name), or an invalidator is malformed.
 */
export function wireCachedSource<Source extends object, Event extends InvalidateEvent>(
  options: CachedSourceOptions<Source, Event>,
  owner: CachedSourcePackage<NoInfer<Event>>,
): CachedSourceWiring<Event> {
  const { cache, source } = options;
  if (
    typeof cache !== 'object' ||
    cache === null ||
    typeof source !== 'object' ||
    source === null
  ) {
    throw new InvalidOptionsError(`[pc:${owner.name}] set "cache" and "source"`);
  }
  const registry: Pick<InvalidatorRegistry<Event>, 'dispatch'> = options.registry ??
  createInvalidatorRegistry(cache, owner.invalidators);
  return {
    events: createRepositoryEvents(registry),
    getManyAsMap,
  };
}

async function getManyAsMap<Id, Value>(
  store: { getMany(ids: readonly Id[]): Promise<ReadonlyArray<Value | undefined>> },
  ids: readonly Id[],
): Promise<Map<Id, Value>> {
  const values = await store.getMany(ids);
  const found = new Map<Id, Value>();
  values.forEach((value, index) => {
    if (value !== undefined) found.set(ids[index]!, value);
  });
  return found;
}

import {
  type AssertAllHandled,
  bindDerivedCache,
  bindStore,
  type Cache,
  createCache,
  createInvalidatorRegistry,
  createProxy,
  createRepositoryEvents,
} from '@pc/core';
import { aclsInvalidator, aclsStore } from '@pc/store-acls';
import { groupsInvalidator, groupsStore } from '@pc/store-groups';
import type { AclDatabase } from '../database/acl-database.js';
import type { PermissionsClient } from '../permissions/permissions-client.js';
import {
  createRepositories,
  type ServiceRepositories,
} from '../repositories/create-repositories.js';
import type {
  AnyInvalidateEvent,
  ServiceRepositoryEvents,
} from '../repositories/invalidate-events.js';
import type { CachingStats } from './caching-stats.js';
import { createSharedAdapter, createSharedBus } from './create-shared-adapter.js';
import { createDatabaseSources } from './database-sources.js';
import { accessCache, createPermissionsCache } from './permissions-cache.js';
import { WHEN_THE_DATABASE_FAILS } from './when-the-database-fails.js';

/** Options of `createPermissionsCaching`. */
export interface PermissionsCachingOptions {
  readonly database: AclDatabase;
  /** The real client: the proxy passes through to it for what it does not serve. */
  readonly real: PermissionsClient;
  readonly cacheUrl: string | undefined;
  readonly cacheDirectory: string;
  /** 0 turns the burst layer off. */
  readonly burstTtlMilliseconds: number;
  readonly sharedTtlMilliseconds: number;
  /** An invalidation bus over the Redis of `cacheUrl` (several instances). */
  readonly bus: boolean;
  /**
   * Clear the namespace at start: the service seeded its own database, so what
   * an earlier run left describes another one. `false` when instances share a
   * database (the first clears, through the demo, before any starts).
   */
  readonly clearAtStart: boolean;
}

/** The service's cache wiring. */
export interface PermissionsCaching {
  /** e.g. `burst layer (L1, 1000 ms) + filesystem (/tmp/...) (L2)`. */
  readonly description: string;
  readonly cache: Cache;
  /** The proxy: a drop-in for the real client, served from the stores. */
  readonly client: PermissionsClient;
  /** Where repositories emit their events (the invalidator registry behind it). */
  readonly events: ServiceRepositoryEvents;
  /** The repositories, emitting into the registry. */
  readonly repositories: ServiceRepositories;
  stats(): CachingStats;
  close(): Promise<void>;
}

/**
 * Cache, stores, the derived permissions cache, the proxy and the invalidator
 * registry, in one place: the rest of the service sees a `PermissionsClient` and
 * a `RepositoryEvents`.
 */
export async function createPermissionsCaching(
  options: PermissionsCachingOptions,
): Promise<PermissionsCaching> {
  const shared = createSharedAdapter(options.cacheUrl, options.cacheDirectory);
  const burst = options.burstTtlMilliseconds > 0;
  const bus = options.bus ? createSharedBus(options.cacheUrl) : undefined;
  const cache = createCache({
    adapter: shared.adapter,
    burst: burst ? { ttlMilliseconds: options.burstTtlMilliseconds } : false,
    ...(bus === undefined ? {} : { bus }),
    ...WHEN_THE_DATABASE_FAILS,
  });
  // The database is created and seeded at every start, so entries a previous run
  // left in a persistent layer (files, Redis, Memcached) describe another database.
  if (options.clearAtStart) await cache.clear();

  // Adding an invalidator is one line here; an event type that no invalidator
  // handles makes `allHandled` fail to compile.
  const invalidators = [aclsInvalidator, groupsInvalidator] as const;
  const allHandled: AssertAllHandled<AnyInvalidateEvent, typeof invalidators> = true;
  void allHandled;
  const registry = createInvalidatorRegistry(cache, invalidators);
  const events = createRepositoryEvents<AnyInvalidateEvent>(registry);

  // The stores load from the real backend, never through the proxy (a store that
  // loads through its own proxy would call itself on every miss).
  const repositories = createRepositories(options.database, events);
  const sources = createDatabaseSources(options.real, repositories);
  const ttl = { ttlMilliseconds: options.sharedTtlMilliseconds };
  const groupsDefinition = groupsStore(sources.groups, ttl);
  const aclsDefinition = aclsStore(sources.acls, ttl);
  const groups = bindStore(cache, groupsDefinition);
  const acls = bindStore(cache, aclsDefinition);
  // The derived cache uses the same store definitions: invalidating a user's
  // groups or an account's ACL (the registry above) also drops what was computed
  // from them.
  const permissions = createPermissionsCache(
    bindDerivedCache(cache, accessCache(groupsDefinition, aclsDefinition)),
  );

  // The proxy has the real client's type. Reads of groups and ACLs are served by
  // the stores, the access check by the derived cache; `getUser` (a lookup that
  // is rarely read twice, see the guide) passes through to the database.
  const client = createProxy(options.real, {
    getUserGroups: groups,
    getUsersGroups: async (userIds) => {
      const values = await groups.getMany(userIds);
      return new Map(
        values.flatMap((value) => (value === undefined ? [] : [[value.userId, value]])),
      );
    },
    getAccountAcl: acls,
    getAccountAcls: async (accountIds) => {
      const values = await acls.getMany(accountIds);
      return new Map(
        values.flatMap((value) => (value === undefined ? [] : [[value.accountId, value]])),
      );
    },
    canAccess: permissions.canAccess,
  });

  return {
    description: `${burst ? `burst layer (L1, ${options.burstTtlMilliseconds} ms) + ` : ''}${shared.description} (L2)${bus === undefined ? '' : ' + invalidation bus'}`,
    cache,
    client,
    events,
    repositories,
    stats: () => {
      const { total } = cache.stats();
      return {
        l1: { hits: total.l1.hits, misses: total.l1.misses },
        l2: { hits: total.l2.hits, misses: total.l2.misses },
        loads: total.loads.calls,
        invalidations: total.invalidations,
      };
    },
    close: async () => {
      await cache.dispose();
      await bus?.dispose?.();
      await shared.adapter.dispose();
    },
  };
}

import { type Cache, createCache } from '@pc/core';
import type { AclDatabase } from '../database/acl-database.js';
import type { Permission } from '../database/schema.js';
import { readAccountAcls, readUserGroups } from '../permissions/permission-queries.js';
import type { AclEntry, Group, PermissionsClient } from '../permissions/permissions-client.js';
import type { InvalidateEventSink } from '../repositories/invalidate-events.js';
import type { CachingStats } from './caching-stats.js';
import { createSharedAdapter } from './create-shared-adapter.js';
import { invalidationTargets } from './invalidation-rules.js';
import { aclKey, groupsKey, groupTag } from './store-keys.js';

/** Options of `createPermissionsCaching`. */
export interface PermissionsCachingOptions {
  readonly database: AclDatabase;
  /** The real client; the cached one passes through to it for what it does not cache. */
  readonly real: PermissionsClient;
  readonly cacheUrl: string | undefined;
  readonly cacheDirectory: string;
  /** 0 turns the burst layer off. */
  readonly burstTtlMilliseconds: number;
  readonly sharedTtlMilliseconds: number;
}

/** The service's cache: the cached client, where repositories send events, counters. */
export interface PermissionsCaching {
  readonly description: string;
  readonly cache: Cache;
  /** A drop-in for the real client, served from the cache. */
  readonly client: PermissionsClient;
  readonly emit: InvalidateEventSink;
  stats(): CachingStats;
  close(): Promise<void>;
}

export async function createPermissionsCaching(
  options: PermissionsCachingOptions,
): Promise<PermissionsCaching> {
  const shared = createSharedAdapter(options.cacheUrl, options.cacheDirectory);
  const burst = options.burstTtlMilliseconds > 0;
  const cache = createCache({
    adapter: shared.adapter,
    defaultTtlMilliseconds: options.sharedTtlMilliseconds,
    burst: burst ? { ttlMilliseconds: options.burstTtlMilliseconds } : false,
  });
  // The database is created and seeded at every start, so entries a previous run
  // left in a persistent layer (files, Redis, Memcached) describe another database.
  await cache.clear();

  const db = options.database;
  const userGroups = (userId: number) =>
    cache.getOrLoad<Group[]>(
      groupsKey(userId),
      async () => (await readUserGroups(db, [userId])).get(userId),
      {
        tags: (groups) => groups.map((group) => groupTag(group.id)),
      },
    );
  const accountAcl = (accountId: number) =>
    cache.getOrLoad<AclEntry[]>(
      aclKey(accountId),
      async () => (await readAccountAcls(db, [accountId])).get(accountId),
      {
        tags: (entries) => [...new Set(entries.map((entry) => entry.groupId))].map(groupTag),
      },
    );
  const canAccess = async (userId: number, accountId: number, permission: Permission) => {
    const [groups, acl] = await Promise.all([userGroups(userId), accountAcl(accountId)]);
    if (groups === undefined || acl === undefined) return false;
    const groupIds = new Set(groups.map((group) => group.id));
    return acl.some((entry) => entry.permission === permission && groupIds.has(entry.groupId));
  };
  const client: PermissionsClient = {
    ...options.real,
    getUserGroups: userGroups,
    getAccountAcl: accountAcl,
    canAccess,
  };
  let invalidations = 0;
  return {
    description: `${burst ? `burst layer (L1, ${options.burstTtlMilliseconds} ms) + ` : ''}${shared.description} (L2)`,
    cache,
    client,
    emit: async (event) => {
      await cache.invalidate(invalidationTargets(event));
      invalidations += 1;
    },
    stats: () => {
      const { total } = cache.stats();
      return {
        l1: { hits: total.l1.hits, misses: total.l1.misses },
        l2: { hits: total.l2.hits, misses: total.l2.misses },
        loads: total.loads.calls,
        invalidations,
      };
    },
    close: async () => {
      await cache.dispose();
      await shared.adapter.dispose();
    },
  };
}

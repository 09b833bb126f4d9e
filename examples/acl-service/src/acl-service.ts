import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositoryEvents } from '@pc/core';
import { ACL_SERVICE_DEFAULTS, type AclServiceOptions } from './acl-service-options.js';
import { checkSharedLayer } from './caching/create-shared-adapter.js';
import {
  createPermissionsCaching,
  type PermissionsCaching,
} from './caching/permissions-caching.js';
import { AclDatabase } from './database/acl-database.js';
import { createAclRoutes } from './http/acl-routes.js';
import { listen } from './http/http-server.js';
import { createDatabasePermissionsClient } from './permissions/database-permissions-client.js';
import { createRepositories } from './repositories/create-repositories.js';
import type { ServiceRepositoryEvents } from './repositories/invalidate-events.js';

/** A running acl-service. */
export interface AclService {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** What serves reads: `"database only"` or the cache layers. */
  readonly description: string;
  readonly database: AclDatabase;
  /** The cache wiring; `undefined` with caching off. */
  readonly caching: PermissionsCaching | undefined;
  close(): Promise<void>;
}

// With caching off, writes still go through the repository helper; nothing listens.
const NO_CACHE: ServiceRepositoryEvents = createRepositoryEvents({
  dispatch: async () => ({ keys: [], tags: [] }),
});

/**
 * Starts the service: an in-memory Postgres (PGlite) seeded with accounts, users,
 * groups, memberships and ACLs; the permissions client (cached through pc, or
 * not); repositories that emit invalidate events; the JSON API on 127.0.0.1.
 */
export async function startAclService(options: AclServiceOptions = {}): Promise<AclService> {
  const caching = options.caching ?? ACL_SERVICE_DEFAULTS.caching;
  if (caching) checkSharedLayer(options.cacheUrl, options.bus ?? ACL_SERVICE_DEFAULTS.bus);
  const database =
    options.databaseUrl === undefined
      ? await AclDatabase.open(options.seed)
      : await AclDatabase.connect(options.databaseUrl);
  const real = createDatabasePermissionsClient(database);
  let temporaryDirectory: string | undefined;
  let cache: PermissionsCaching | undefined;
  try {
    if (caching) {
      let directory = options.cacheDirectory;
      if (directory === undefined && options.cacheUrl === undefined) {
        temporaryDirectory = await mkdtemp(join(tmpdir(), 'acl-service-cache-'));
        directory = temporaryDirectory;
      }
      cache = await createPermissionsCaching({
        database,
        real,
        cacheUrl: options.cacheUrl,
        cacheDirectory: directory ?? join(tmpdir(), 'acl-service-cache'),
        bus: options.bus ?? ACL_SERVICE_DEFAULTS.bus,
        clearAtStart: options.clearCacheAtStart ?? options.databaseUrl === undefined,
        burstTtlMilliseconds:
          options.burstTtlMilliseconds ?? ACL_SERVICE_DEFAULTS.burstTtlMilliseconds,
        sharedTtlMilliseconds:
          options.sharedTtlMilliseconds ?? ACL_SERVICE_DEFAULTS.sharedTtlMilliseconds,
      });
    }
    const repositories = cache?.repositories ?? createRepositories(database, NO_CACHE);
    const router = createAclRoutes({
      client: cache?.client ?? real,
      truth: createDatabasePermissionsClient(database.uncounted),
      ...repositories,
      stats: async () => {
        const { user, system } = process.cpuUsage();
        return {
          caching: cache?.description ?? 'off',
          databaseQueries: database.queryCount,
          // CPU time used so far, in microseconds: the demo divides it by requests.
          cpu: { service: user + system, database: await database.cpuMicroseconds() },
          cache: cache?.stats(),
        };
      },
      outage: (milliseconds) => database.simulateOutage(milliseconds),
    });
    const server = await listen(router, options.port ?? ACL_SERVICE_DEFAULTS.port);
    return {
      url: server.url,
      port: server.port,
      description: cache?.description ?? 'database only (caching off)',
      database,
      caching: cache,
      close: async () => {
        await server.close();
        await cache?.close();
        await database.close();
        if (temporaryDirectory !== undefined) {
          await rm(temporaryDirectory, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await cache?.close();
    await database.close();
    if (temporaryDirectory !== undefined) {
      await rm(temporaryDirectory, { recursive: true, force: true });
    }
    throw error;
  }
}

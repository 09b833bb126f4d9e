import type { SeedOptions } from './database/seed-data.js';

/** Options of `startAclService`. */
export interface AclServiceOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /**
   * `false` serves every read from the database (the demo's baseline).
   * @default true
   */
  readonly caching?: boolean;
  /**
   * Shared cache layer: `redis://host:port`, `rediss://...` or
   * `memcached://host:port[,host:port]`. Absent: the filesystem adapter in
   * `cacheDirectory`. The `start` script reads it from `PC_CACHE_URL`.
   * @default undefined
   */
  readonly cacheUrl?: string;
  /**
   * Directory of the filesystem cache. Absent: a new temporary directory, removed
   * on close. The `start` script reads it from `PC_CACHE_DIR`.
   * @default undefined
   */
  readonly cacheDirectory?: string;
  /**
   * How long an entry stays in the per-process burst layer (L1), in milliseconds;
   * 0 turns the burst layer off. This instance's own writes drop its L1 entries
   * at once; another instance's writes reach it through the bus (`bus`), so the
   * TTL only bounds how long an instance without the bus may serve what another
   * one changed. Permissions change about once per hundred reads: 30 s keeps the
   * popular ones in memory between changes.
   * @default 30_000
   */
  readonly burstTtlMilliseconds?: number;
  /** How long an entry stays in the shared layer (L2), in milliseconds. @default 600_000 */
  readonly sharedTtlMilliseconds?: number;
  /** Size of the seeded database (the service's own; ignored with `databaseUrl`). @default SEED_DEFAULTS */
  readonly seed?: SeedOptions;
  /**
   * A running database process to share with other instances
   * (`pcdb://127.0.0.1:<port>`, from `startDatabaseProcess`). Absent: the
   * service starts a database process of its own, seeded, and stops it on close.
   * The `start` script reads it from `PC_DATABASE_URL`.
   * @default undefined
   */
  readonly databaseUrl?: string;
  /**
   * Give the cache an invalidation bus over the Redis of `cacheUrl`, so every
   * instance's burst layer drops what another invalidated. Needs a `redis://` `cacheUrl`.
   * The `start` script reads it from `PC_CACHE_BUS=on`.
   * @default false
   */
  readonly bus?: boolean;
  /**
   * Clear the cache namespace at start. Entries an earlier run left describe
   * another database when the service seeds its own; instances sharing a
   * database clear it once, with the first. The `start` script reads
   * `PC_CACHE_CLEAR=on|off`.
   * @default true without `databaseUrl`, false with it
   */
  readonly clearCacheAtStart?: boolean;
}

/** Defaults of every optional `AclServiceOptions` member. */
export const ACL_SERVICE_DEFAULTS = {
  port: 0,
  caching: true,
  burstTtlMilliseconds: 30_000,
  sharedTtlMilliseconds: 600_000,
  bus: false,
} as const;

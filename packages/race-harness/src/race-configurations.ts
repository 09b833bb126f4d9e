import type { FillerPlan } from './filler-plan.js';

/** The configurations the harness knows, in the order `all` runs them. */
export const RACE_CONFIGURATION_NAMES = [
  'redis-l1-off',
  'redis-l1-bus',
  'redis-eviction',
  'redis-restart',
  'redis-cluster',
  'memcached',
] as const;

/** One of {@link RACE_CONFIGURATION_NAMES}. */
export type RaceConfigurationName = (typeof RACE_CONFIGURATION_NAMES)[number];

/** The backend, caches and disturbances of one configuration. */
export interface RaceConfiguration {
  readonly name: RaceConfigurationName;
  /** One line for reports. */
  readonly description: string;
  readonly backend: 'redis' | 'redis-cluster' | 'memcached';
  /** Whether the workers' caches have a burst layer (L1, default TTL unless overridden). */
  readonly l1: boolean;
  /** Whether the workers share a Redis pub/sub bus (`createRedisBus`). */
  readonly bus: boolean;
  /** Extra `redis-server` arguments (standalone Redis only). */
  readonly redisArgs: readonly string[];
  /** memcached `-m`, in megabytes. */
  readonly memcachedMemoryMegabytes: number | undefined;
  /**
   * memcached `-I` (largest item, also its slab page size), in KiB: small pages let
   * a small `-m` spread over many slab classes, so small items get evicted too.
   */
  readonly memcachedItemSizeKilobytes: number | undefined;
  /**
   * A filler worker that writes junk entries (sizes in bytes, seeded; keys apart
   * from pc's) with the backend's own protocol: `prefillBytes` before the race, so
   * the backend is full when it starts, then more during it, so the backend evicts
   * pc's records during the run.
   */
  readonly filler: FillerPlan | undefined;
  /** How many times the parent restarts Redis (no persistence) during the run. */
  readonly restarts: number;
}

const BASE = {
  redisArgs: [],
  memcachedMemoryMegabytes: undefined,
  memcachedItemSizeKilobytes: undefined,
  filler: undefined,
  restarts: 0,
} as const;

export const RACE_CONFIGURATIONS: Readonly<Record<RaceConfigurationName, RaceConfiguration>> = {
  'redis-l1-off': {
    ...BASE,
    name: 'redis-l1-off',
    description: 'Redis, burst: false, no bus',
    backend: 'redis',
    l1: false,
    bus: false,
  },
  'redis-l1-bus': {
    ...BASE,
    name: 'redis-l1-bus',
    description: 'Redis, L1 on, createRedisBus',
    backend: 'redis',
    l1: true,
    bus: true,
  },
  'redis-eviction': {
    ...BASE,
    name: 'redis-eviction',
    description: 'Redis --maxmemory 4mb allkeys-lru + a junk filler, L1 on, bus',
    backend: 'redis',
    l1: true,
    bus: true,
    redisArgs: ['--maxmemory', '4mb', '--maxmemory-policy', 'allkeys-lru'],
    filler: { minimumBytes: 16_384, maximumBytes: 131_072, prefillBytes: 8_388_608 },
  },
  'redis-restart': {
    ...BASE,
    name: 'redis-restart',
    description: 'Redis restarted (no persistence) 3 times during the run, L1 on, bus',
    backend: 'redis',
    l1: true,
    bus: true,
    restarts: 3,
  },
  'redis-cluster': {
    ...BASE,
    name: 'redis-cluster',
    description: 'Redis Cluster, 3 masters, L1 on, bus',
    backend: 'redis-cluster',
    l1: true,
    bus: true,
  },
  memcached: {
    ...BASE,
    name: 'memcached',
    description: 'memcached -m 1 -I 64k + a small-item filler, burst: false (no bus for memcached)',
    backend: 'memcached',
    l1: false,
    bus: false,
    memcachedMemoryMegabytes: 1,
    memcachedItemSizeKilobytes: 64,
    // Sizes of pc's own items (entries, fences, tag versions), so memcached evicts
    // them from their own slab classes.
    filler: { minimumBytes: 40, maximumBytes: 700, prefillBytes: 2_097_152 },
  },
};

/** Whether `name` is a configuration name. */
export function isRaceConfigurationName(name: string): name is RaceConfigurationName {
  return (RACE_CONFIGURATION_NAMES as readonly string[]).includes(name);
}

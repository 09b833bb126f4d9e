import type { ResilienceOptions } from '@pc/core';
import type { FillerPlan } from './filler-plan.js';

/** The configurations the harness knows, in the order `all` runs them. */
export const RACE_CONFIGURATION_NAMES = [
  'redis-l1-off',
  'redis-l1-bus',
  'redis-eviction',
  'redis-restart',
  'redis-cluster',
  'memcached',
  'redis-grace',
  'redis-grace-failing',
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
  /**
   * Rows in the items table, instead of the run's `items`: fewer keys are read
   * again more often, so that a short run finds entries stale (served from grace)
   * or due for an early refresh.
   */
  readonly items: number | undefined;
  /** The workers' `defaultTtlMilliseconds`; `undefined`: entries never expire. */
  readonly ttlMilliseconds: number | undefined;
  /**
   * Resilience options of the workers' caches (`createCache`): grace window,
   * timeouts, early refresh. A grace configuration must serve grace values and
   * (with `earlyRefresh`) refresh early, or its run proves nothing.
   */
  readonly resilience: ResilienceOptions | undefined;
  /**
   * Share of loads that throw (seeded, drawn apart from the loader delays so the
   * other configurations keep their schedules), after their delay and up to
   * `slowLoaderHoldMaxMilliseconds` more: the loads whose keys grace values answer
   * instead of the error (or, past the soft timeout, instead of the wait). 0 to 1.
   */
  readonly failingLoaderProbability: number;
}

const BASE = {
  redisArgs: [],
  memcachedMemoryMegabytes: undefined,
  memcachedItemSizeKilobytes: undefined,
  filler: undefined,
  restarts: 0,
  items: undefined,
  ttlMilliseconds: undefined,
  resilience: undefined,
  failingLoaderProbability: 0,
} as const;

/**
 * The grace configurations' TTL, in ms: short, so that entries go stale many times
 * during a run and are served from grace while the workers keep invalidating them.
 */
const GRACE_TTL_MILLISECONDS = 300;
/** Grace window, in ms: longer than any run, so every stale entry can be served from grace. */
const GRACE_WINDOW_MILLISECONDS = 600_000;
/** Rows of the grace configurations (half the default): each key is read again often. */
const GRACE_ITEMS = 12;

/** What the grace configurations share: Redis, L1, bus, short TTL, long grace, early refresh. */
const GRACE_BASE = {
  ...BASE,
  backend: 'redis',
  l1: true,
  bus: true,
  items: GRACE_ITEMS,
  ttlMilliseconds: GRACE_TTL_MILLISECONDS,
} as const;
const GRACE_RESILIENCE = {
  graceMilliseconds: GRACE_WINDOW_MILLISECONDS,
  earlyRefresh: { threshold: 0.8 },
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
  'redis-grace': {
    ...GRACE_BASE,
    name: 'redis-grace',
    description: `Redis, L1 on, bus, TTL ${GRACE_TTL_MILLISECONDS} ms, grace, stale-while-revalidate, early refresh`,
    resilience: {
      ...GRACE_RESILIENCE,
      // 0: a stale entry is served at once (from grace) and refreshed in the background.
      softTimeoutMilliseconds: 0,
    },
  },
  'redis-grace-failing': {
    ...GRACE_BASE,
    name: 'redis-grace-failing',
    // The default 24: its writers invalidate each key half as often, so more
    // entries live long enough to go stale and answer a failed load from grace.
    items: undefined,
    description: `Redis, L1 on, bus, TTL ${GRACE_TTL_MILLISECONDS} ms, grace, 25% of loads fail (slowly), soft timeout 400 ms, early refresh`,
    resilience: {
      ...GRACE_RESILIENCE,
      // Short, so keys come out of backoff and load (and fail) again during the run.
      graceBackoffMilliseconds: 100,
      // Longer than most failing loads take (their delays, then up to 300 ms more):
      // they are answered from grace for the error, with the value read again
      // after it. Loads slowed further by a busy machine hit it too.
      softTimeoutMilliseconds: 400,
    },
    failingLoaderProbability: 0.25,
  },
};

/** Whether `name` is a configuration name. */
export function isRaceConfigurationName(name: string): name is RaceConfigurationName {
  return (RACE_CONFIGURATION_NAMES as readonly string[]).includes(name);
}

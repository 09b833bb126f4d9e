import type { CacheOptions } from '@pc/core';

/**
 * What the cache does when a load fails because the database is down: the one
 * place to change it. Stale-if-error serves the value this process held for a
 * key whose burst-layer TTL ended at most this long ago, never a value an
 * invalidation dropped.
 */
export const WHEN_THE_DATABASE_FAILS = {
  staleIfErrorMilliseconds: 60_000,
} as const satisfies Partial<CacheOptions>;

import type { CacheOptions } from '@pc/core';

/**
 * What the cache does when a load fails because the database is down, or is slow:
 * the one place to change it. Grace keeps each loaded value in the shared layer for
 * an hour past its TTL and serves it when the load fails (or takes longer than
 * the soft timeout), never a value an invalidation ended, in any instance; after a
 * failed load a key is not retried for a second.
 */
export const WHEN_THE_DATABASE_FAILS = {
  graceMilliseconds: 3_600_000,
  graceBackoffMilliseconds: 1_000,
  softTimeoutMilliseconds: 250,
} as const satisfies Partial<CacheOptions>;

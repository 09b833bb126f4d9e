import { serverExpiry } from '@pc/core';

/** Longest relative expiry memcached accepts, in seconds (30 days); larger values are Unix times. */
export const MEMCACHED_MAX_RELATIVE_SECONDS = 2_592_000;
/** memcached parses expiry times as signed 32-bit integers. */
const MAX_UNIX_SECONDS = 2_147_483_647;
/** The latest `expiresAt` whose exptime (rounded up, plus a second) still fits 32 bits. */
const LATEST_EXPIRES_AT = (MAX_UNIX_SECONDS - 1) * 1000;

/**
 * The memcached exptime for an absolute expiry in milliseconds, or `undefined`
 * when the entry is already expired. `0` means no expiry.
 *
 * Seconds are rounded up and one more is added: memcached's clock ticks once a
 * second, so an item could otherwise expire up to a second early. The adapter
 * checks `expiresAt` itself on every read, so the extra second is never visible.
 * Beyond 30 days memcached reads the number as a Unix time, so an absolute one is
 * sent; beyond 2038 (the 32-bit limit) the item gets no server expiry at all and
 * the read-side check alone expires it.
 */
export function toMemcachedExptime(expiresAt: number | undefined, now: number): number | undefined {
  const expiry = serverExpiry(expiresAt, now, { latestExpiresAt: LATEST_EXPIRES_AT });
  if (expiry.kind === 'expired') return undefined;
  if (expiry.kind === 'none') return 0;
  const seconds = Math.ceil(expiry.milliseconds / 1000) + 1;
  if (seconds <= MEMCACHED_MAX_RELATIVE_SECONDS) return seconds;
  return Math.ceil((expiresAt as number) / 1000) + 1;
}

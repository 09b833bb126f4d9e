/** Longest relative expiry memcached accepts, in seconds (30 days); larger values are Unix times. */
export const MEMCACHED_MAX_RELATIVE_SECONDS = 2_592_000;
/** memcached parses expiry times as signed 32-bit integers. */
const MAX_UNIX_SECONDS = 2_147_483_647;

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
  if (expiresAt === undefined) return 0;
  const remaining = expiresAt - now;
  if (!(remaining > 0)) return undefined;
  const seconds = Math.ceil(remaining / 1000) + 1;
  if (seconds <= MEMCACHED_MAX_RELATIVE_SECONDS) return seconds;
  const unixSeconds = Math.ceil(expiresAt / 1000) + 1;
  return unixSeconds > MAX_UNIX_SECONDS ? 0 : unixSeconds;
}

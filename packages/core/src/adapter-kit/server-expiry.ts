/** What a backend can store as an item's expiry; every member is optional. */
export interface ServerExpiryLimits {
  /**
   * Longest relative TTL the backend stores, in milliseconds. An entry that
   * expires later than this from now is stored with no server expiry (Redis
   * takes `PX` as a 64-bit integer; a century is the sane bound).
   * @default Infinity (no limit)
   */
  readonly maxMilliseconds?: number;
  /**
   * Latest absolute expiry the backend stores, in milliseconds since the epoch.
   * An entry that expires later is stored with no server expiry (memcached reads
   * its exptime as a signed 32-bit Unix time: 2038).
   * @default Infinity (no limit)
   */
  readonly latestExpiresAt?: number;
}

/**
 * What to store for one entry's expiry:
 * - `expired`: the entry is already expired; store nothing (remove the key).
 * - `none`: store it without a server expiry. Either the entry never expires,
 *   or its expiry is beyond what the backend can hold; then the adapter still
 *   keeps `expiresAt` with the entry and checks it on every read.
 * - `ttl`: store it with a server expiry `milliseconds` from `now` (an integer,
 *   at least 1, rounded up so the server never drops the entry early).
 */
export type ServerExpiry =
  | { readonly kind: 'expired' }
  | { readonly kind: 'none' }
  | { readonly kind: 'ttl'; readonly milliseconds: number };

const EXPIRED: ServerExpiry = Object.freeze({ kind: 'expired' });
const NONE: ServerExpiry = Object.freeze({ kind: 'none' });

/**
 * For adapters: turns an entry's absolute `expiresAt` (as `validateEntry`
 * returns it: `undefined` for no expiry, or a number of milliseconds since the
 * epoch, however large) into what the backend can store, given its limits.
 * Expiries beyond the limits become "no server expiry" rather than an error or
 * an overflowed number, so every finite TTL up to `Number.MAX_VALUE` is accepted.
 * @param now `Date.now()` of the write.
 */
export function serverExpiry(
  expiresAt: number | undefined,
  now: number,
  limits: ServerExpiryLimits = {},
): ServerExpiry {
  if (expiresAt === undefined) return NONE;
  const remaining = expiresAt - now;
  // `!(x > 0)` also catches NaN: an expiry nobody can compare is no live entry.
  if (!(remaining > 0)) return EXPIRED;
  if (expiresAt > (limits.latestExpiresAt ?? Number.POSITIVE_INFINITY)) return NONE;
  const milliseconds = Math.ceil(remaining);
  if (
    milliseconds > (limits.maxMilliseconds ?? Number.POSITIVE_INFINITY) ||
    !Number.isSafeInteger(milliseconds)
  ) {
    return NONE;
  }
  return { kind: 'ttl', milliseconds };
}

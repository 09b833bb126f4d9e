import { describe, expect, it } from 'vitest';
import { serverExpiry } from '../src/index.js';

const NOW = 1_700_000_000_000;
const CENTURY = 100 * 365.25 * 86_400_000;
/** memcached's 32-bit Unix time limit, in milliseconds. */
const Y2038 = 2_147_483_646_000;

describe('serverExpiry', () => {
  it('no expiry stores no server expiry', () => {
    expect(serverExpiry(undefined, NOW)).toEqual({ kind: 'none' });
  });

  it('an expiry at or before now is expired (nothing to store)', () => {
    expect(serverExpiry(NOW, NOW)).toEqual({ kind: 'expired' });
    expect(serverExpiry(NOW - 1, NOW)).toEqual({ kind: 'expired' });
    expect(serverExpiry(Number.NEGATIVE_INFINITY, NOW)).toEqual({ kind: 'expired' });
    expect(serverExpiry(Number.NaN, NOW)).toEqual({ kind: 'expired' });
  });

  it('a TTL is rounded up to whole milliseconds, never early', () => {
    expect(serverExpiry(NOW + 1, NOW)).toEqual({ kind: 'ttl', milliseconds: 1 });
    expect(serverExpiry(NOW + 0.2, NOW)).toEqual({ kind: 'ttl', milliseconds: 1 });
    expect(serverExpiry(NOW + 1500.5, NOW)).toEqual({ kind: 'ttl', milliseconds: 1501 });
  });

  it('beyond maxMilliseconds: no server expiry; at it: the TTL', () => {
    const limits = { maxMilliseconds: CENTURY };
    expect(serverExpiry(NOW + CENTURY, NOW, limits)).toEqual({
      kind: 'ttl',
      milliseconds: CENTURY,
    });
    expect(serverExpiry(NOW + CENTURY + 1, NOW, limits)).toEqual({ kind: 'none' });
  });

  it('beyond latestExpiresAt: no server expiry; at it: the TTL', () => {
    const limits = { latestExpiresAt: Y2038 };
    expect(serverExpiry(Y2038, NOW, limits)).toEqual({ kind: 'ttl', milliseconds: Y2038 - NOW });
    expect(serverExpiry(Y2038 + 1, NOW, limits)).toEqual({ kind: 'none' });
  });

  it('huge finite expiries never overflow into a number the backend cannot parse', () => {
    for (const expiresAt of [NOW + 1e20, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER * 4]) {
      expect(serverExpiry(expiresAt, NOW)).toEqual({ kind: 'none' });
      expect(serverExpiry(expiresAt, NOW, { maxMilliseconds: CENTURY })).toEqual({
        kind: 'none',
      });
    }
    // Without limits, any TTL that is still an exact integer is kept.
    expect(serverExpiry(NOW + 2 ** 52, NOW)).toEqual({ kind: 'ttl', milliseconds: 2 ** 52 });
  });
});

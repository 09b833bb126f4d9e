import type { Cache } from '../../cache/cache.js';
import { createCache } from '../../cache/create-cache.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { recordEntries, type StoredEntry } from './entry-recorder.js';
import { STORE_KIT_DEFAULTS } from './store-kit-options.js';

/**
 * The cache of one kit test over `adapter`, with L1 on (a TTL that never lapses in
 * a test) or off, and the entries written through it, decoded.
 */
export function createKitCache(
  adapter: CacheAdapter,
  burst: boolean,
): { readonly cache: Cache; readonly written: StoredEntry[] } {
  const entries = recordEntries(adapter);
  const cache = createCache({
    adapter: entries.adapter,
    burst: burst ? { ttlMilliseconds: STORE_KIT_DEFAULTS.burstTtlMilliseconds } : false,
  });
  return { cache, written: entries.written };
}

import { Cache } from './cache.js';
import type { CacheOptions } from './cache-options.js';

/**
 * Creates a cache over an injected adapter.
 * @throws InvalidOptionsError naming the option when `options` is invalid.
 */
export function createCache(options: CacheOptions): Cache {
  return new Cache(options);
}

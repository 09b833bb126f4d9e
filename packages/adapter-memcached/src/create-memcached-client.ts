import { MemcachedClient } from './memcached-client.js';
import type { MemcachedClientOptions } from './memcached-client-options.js';
import { resolveMemcachedClientOptions } from './resolve-memcached-client-options.js';

/**
 * Creates a memcached client (see `MemcachedClient`) that adapters can share:
 * pass it as `client` to several `createMemcachedAdapter` calls (one per
 * namespace) and they use the same connections. Whoever creates it closes it
 * with `close()`; adapters never do.
 * @throws `InvalidOptionsError` naming the offending option.
 */
export function createMemcachedClient(options: MemcachedClientOptions = {}): MemcachedClient {
  return new MemcachedClient(resolveMemcachedClientOptions(options));
}

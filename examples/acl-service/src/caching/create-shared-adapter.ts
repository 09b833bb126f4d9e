import { createFsAdapter } from '@pc/adapter-fs';
import { createMemcachedAdapter } from '@pc/adapter-memcached';
import { createRedisAdapter, createRedisBus } from '@pc/adapter-redis';
import { type CacheAdapter, type InvalidationBus, InvalidOptionsError } from '@pc/core';

/** The shared layer (L2) the service caches in, and how to describe it. */
export interface SharedAdapter {
  readonly adapter: CacheAdapter;
  /** e.g. `filesystem (/tmp/acl-service-x1y2)`, `redis (redis://127.0.0.1:6379)`. */
  readonly description: string;
}

/** Namespace of the service's entries in the shared layer. */
export const CACHE_NAMESPACE = 'acl-service';

/**
 * Picks the shared layer: `redis://...` (or `rediss://`) and `memcached://host:port[,host:port]`
 * switch to a server; without a URL, the filesystem adapter in `directory`.
 */
export function createSharedAdapter(
  cacheUrl: string | undefined,
  directory: string,
): SharedAdapter {
  if (cacheUrl === undefined || cacheUrl === '') {
    return {
      adapter: createFsAdapter({ directory, namespace: CACHE_NAMESPACE }),
      description: `filesystem (${directory})`,
    };
  }
  const url = parseUrl(cacheUrl);
  if (url.protocol === 'redis:' || url.protocol === 'rediss:') {
    return {
      adapter: createRedisAdapter({ url: cacheUrl, namespace: CACHE_NAMESPACE }),
      description: `redis (${url.host})`,
    };
  }
  if (url.protocol === 'memcached:') {
    const servers = cacheUrl.slice('memcached://'.length).replace(/\/$/, '').split(',');
    return {
      adapter: createMemcachedAdapter({ servers, namespace: CACHE_NAMESPACE }),
      description: `memcached (${servers.join(', ')})`,
    };
  }
  checkSharedLayer(cacheUrl, false);
  throw new InvalidOptionsError(`[acl-service] unsupported PC_CACHE_URL "${cacheUrl}"`);
}

function parseUrl(cacheUrl: string): URL {
  try {
    return new URL(cacheUrl);
  } catch {
    throw new InvalidOptionsError(
      `[acl-service] PC_CACHE_URL is not a URL: "${cacheUrl}": set "PC_CACHE_URL"`,
    );
  }
}

/**
 * The invalidation bus of several instances: Redis pub/sub on the server of
 * `cacheUrl`, which must be `redis://` or `rediss://`.
 */
export function createSharedBus(cacheUrl: string | undefined): InvalidationBus {
  checkSharedLayer(cacheUrl, true);
  return createRedisBus({ url: cacheUrl!, channel: `${CACHE_NAMESPACE}:invalidation` });
}

/**
 * Checks the shared layer's settings before anything starts (the database
 * takes seconds to boot): a URL the service can use, and Redis under a bus.
 * @throws InvalidOptionsError naming `PC_CACHE_URL`.
 */
export function checkSharedLayer(cacheUrl: string | undefined, bus: boolean): void {
  const url = cacheUrl === undefined || cacheUrl === '' ? undefined : parseUrl(cacheUrl);
  if (url !== undefined && !['redis:', 'rediss:', 'memcached:'].includes(url.protocol)) {
    throw new InvalidOptionsError(
      `[acl-service] PC_CACHE_URL must start with redis://, rediss:// or memcached://, got "${cacheUrl}": set "PC_CACHE_URL"`,
    );
  }
  if (bus && (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:'))) {
    throw new InvalidOptionsError(
      `[acl-service] the invalidation bus needs a redis:// PC_CACHE_URL, got "${cacheUrl ?? ''}": set "PC_CACHE_URL"`,
    );
  }
}

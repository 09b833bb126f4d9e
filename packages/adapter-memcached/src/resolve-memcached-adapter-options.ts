import { checkOptionNames, InvalidOptionsError } from '@pc/core';
import {
  MEMCACHED_ADAPTER_DEFAULTS,
  type MemcachedAdapterOptions,
} from './memcached-adapter-options.js';
import { MemcachedClient } from './memcached-client.js';
import {
  integerOption,
  type ResolvedMemcachedClientOptions,
  resolveServers,
} from './resolve-memcached-client-options.js';

/** `MemcachedAdapterOptions` validated, with defaults applied and servers normalized. */
export interface ResolvedMemcachedAdapterOptions extends ResolvedMemcachedClientOptions {
  readonly client: MemcachedClient | undefined;
  readonly namespace: string;
  readonly keyPrefix: string;
  readonly itemSizeBytes: number;
}

const KNOWN_OPTIONS = Object.keys(MEMCACHED_ADAPTER_DEFAULTS);
const KEY_PART = /^[A-Za-z0-9_.-]{1,64}$/;
/** Below this, even an empty payload would not fit next to a long key. */
const MINIMUM_ITEM_SIZE_BYTES = 1024;

/**
 * Validates options eagerly, so a typo fails at start-up rather than on the first
 * operation.
 * @throws `InvalidOptionsError` naming the offending option.
 */
export function resolveMemcachedAdapterOptions(
  options: MemcachedAdapterOptions,
): ResolvedMemcachedAdapterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('[pc:memcached] options must be an object');
  }
  checkOptionNames('memcached', options, KNOWN_OPTIONS);
  const client: unknown = options.client;
  if (client !== undefined && !(client instanceof MemcachedClient)) {
    // Earlier versions took a client of the `memcached` package here; say so.
    throw new InvalidOptionsError(
      '[pc:memcached] set "client" to a client from createMemcachedClient() (clients of the `memcached` package are no longer accepted) or leave it out',
    );
  }
  return {
    servers: resolveServers(options.servers ?? MEMCACHED_ADAPTER_DEFAULTS.servers),
    client,
    namespace: keyPart(options, 'namespace'),
    keyPrefix: keyPart(options, 'keyPrefix'),
    timeoutMilliseconds: integerOption(
      options,
      'timeoutMilliseconds',
      1,
      MEMCACHED_ADAPTER_DEFAULTS,
    ),
    retryDelayMilliseconds: integerOption(
      options,
      'retryDelayMilliseconds',
      0,
      MEMCACHED_ADAPTER_DEFAULTS,
    ),
    itemSizeBytes: integerOption(
      options,
      'itemSizeBytes',
      MINIMUM_ITEM_SIZE_BYTES,
      MEMCACHED_ADAPTER_DEFAULTS,
    ),
    poolSize: integerOption(options, 'poolSize', 1, MEMCACHED_ADAPTER_DEFAULTS),
    idleMilliseconds: integerOption(options, 'idleMilliseconds', 1, MEMCACHED_ADAPTER_DEFAULTS),
  };
}

function keyPart(options: MemcachedAdapterOptions, name: 'namespace' | 'keyPrefix'): string {
  const value: unknown = options[name] ?? MEMCACHED_ADAPTER_DEFAULTS[name];
  if (typeof value !== 'string' || !KEY_PART.test(value)) {
    throw new InvalidOptionsError(
      `[pc:memcached] set "${name}" to 1 to 64 characters of [A-Za-z0-9_.-] (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

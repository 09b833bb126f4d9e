import { InvalidOptionsError, toMilliseconds } from '@pc/core';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { reconnectBackoff } from './reconnect-backoff.js';
import { RedisConnection } from './redis-connection.js';
import {
  REDIS_CONNECTION_DEFAULTS,
  type RedisConnectionOptions,
} from './redis-connection-options.js';

/** Connection settings after validation and defaults. */
export interface ResolvedConnectionSettings {
  readonly connectTimeoutMilliseconds: number;
  readonly commandTimeoutMilliseconds: number;
  readonly maxReconnectDelayMilliseconds: number;
}

/** Validates the timing options and fills in their defaults. */
export function resolveConnectionSettings(
  options: RedisConnectionOptions,
): ResolvedConnectionSettings {
  return {
    connectTimeoutMilliseconds: positiveMilliseconds(options, 'connectTimeoutMilliseconds'),
    commandTimeoutMilliseconds: positiveMilliseconds(options, 'commandTimeoutMilliseconds'),
    maxReconnectDelayMilliseconds: positiveMilliseconds(options, 'maxReconnectDelayMilliseconds'),
  };
}

/**
 * Validates the connection options and opens (or wraps) the client. Clients pc
 * creates get failure defaults a cache needs: no offline queue, in-flight commands
 * failed (not resent) when the connection drops, so a write the caller already saw
 * fail can never land later, and a bounded reconnect backoff.
 */
export function openRedisConnection(
  options: RedisConnectionOptions,
  settings: ResolvedConnectionSettings,
): RedisConnection {
  const { url, redisOptions, clusterNodes, clusterOptions, client } = options;
  const timeout = settings.commandTimeoutMilliseconds;
  if (client !== undefined) {
    if (url !== undefined || redisOptions !== undefined || clusterNodes !== undefined) {
      throw invalid('"client" excludes "url", "redisOptions" and "clusterNodes"; give only one');
    }
    if (!isIoredisClient(client)) {
      throw invalid('"client" must be an ioredis Redis or Cluster instance');
    }
    const clientOptions = client.options as RedisOptions & { redisOptions?: RedisOptions };
    rejectKeyPrefix(clientOptions.keyPrefix ?? clientOptions.redisOptions?.keyPrefix, 'client');
    return new RedisConnection(client, false, timeout);
  }
  const retryStrategy = reconnectBackoff(settings.maxReconnectDelayMilliseconds);
  if (clusterNodes !== undefined) {
    if (url !== undefined || redisOptions !== undefined) {
      throw invalid(
        '"clusterNodes" excludes "url" and "redisOptions"; put node options in "clusterOptions.redisOptions"',
      );
    }
    if (!Array.isArray(clusterNodes) || clusterNodes.length === 0) {
      throw invalid('"clusterNodes" must be a non-empty array of { host, port }');
    }
    rejectKeyPrefix(clusterOptions?.keyPrefix, 'clusterOptions');
    rejectKeyPrefix(clusterOptions?.redisOptions?.keyPrefix, 'clusterOptions.redisOptions');
    const cluster = new Cluster([...clusterNodes], {
      enableOfflineQueue: false,
      clusterRetryStrategy: retryStrategy,
      slotsRefreshTimeout: settings.connectTimeoutMilliseconds,
      ...clusterOptions,
      redisOptions: {
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        ...clusterOptions?.redisOptions,
        connectTimeout: settings.connectTimeoutMilliseconds,
      },
    });
    return new RedisConnection(cluster, true, timeout);
  }
  if (clusterOptions !== undefined) throw invalid('"clusterOptions" needs "clusterNodes"');
  if (url === undefined && redisOptions === undefined) {
    throw invalid('give one of "url", "redisOptions", "clusterNodes" or "client"');
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    throw invalid('"url" must start with redis:// or rediss://');
  }
  rejectKeyPrefix(redisOptions?.keyPrefix, 'redisOptions');
  const database = resolveDatabase(url, redisOptions);
  const merged: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy,
    ...redisOptions,
    connectTimeout: settings.connectTimeoutMilliseconds,
  };
  const redis = url === undefined ? new Redis(merged) : new Redis(url, merged);
  return new RedisConnection(redis, true, timeout, database);
}

/**
 * The database index a standalone client selects (`redisOptions.db`, else the
 * URL's path), checked: ioredis reads a path like `/abc` as no database at all
 * and would silently use database 0.
 * @returns the index and where it came from, for messages.
 */
function resolveDatabase(
  url: string | undefined,
  redisOptions: RedisOptions | undefined,
): { readonly index: number; readonly source: string } {
  const db: unknown = redisOptions?.db;
  if (db !== undefined) {
    if (typeof db !== 'number' || !Number.isSafeInteger(db) || db < 0) {
      throw invalid(
        `"redisOptions.db" must be a database index, an integer >= 0, got ${String(db)}`,
      );
    }
    return { index: db, source: '"redisOptions.db"' };
  }
  if (url === undefined) return { index: 0, source: 'the default' };
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch (error) {
    throw new InvalidOptionsError(
      `[pc:redis] "url" is not a valid URL: ${url.replace(/\/\/[^@/]*@/, '//***@')}`,
      {
        cause: error,
      },
    );
  }
  if (path === '' || path === '/') return { index: 0, source: 'the default' };
  const match = /^\/(\d{1,9})\/?$/.exec(path);
  if (match === null) {
    throw invalid(
      `the path of "url" must be a database index (redis://host:port/0), an integer >= 0, got "${path.slice(1)}"`,
    );
  }
  return { index: Number(match[1]), source: '"url"' };
}

function positiveMilliseconds(
  options: RedisConnectionOptions,
  name: keyof typeof REDIS_CONNECTION_DEFAULTS,
): number {
  const value = toMilliseconds(options[name] ?? REDIS_CONNECTION_DEFAULTS[name], name, 'redis');
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(`"${name}" must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function rejectKeyPrefix(keyPrefix: string | undefined, where: string): void {
  if (keyPrefix !== undefined && keyPrefix !== '') {
    throw invalid(
      `ioredis "keyPrefix" is not supported (found in "${where}"); set pc's "keyPrefix" option instead`,
    );
  }
}

function isIoredisClient(value: unknown): value is Redis | Cluster {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Redis).status === 'string' &&
    typeof (value as Redis).pipeline === 'function' &&
    typeof (value as Redis).options === 'object'
  );
}

function invalid(message: string): InvalidOptionsError {
  return new InvalidOptionsError(`[pc:redis] ${message}`);
}

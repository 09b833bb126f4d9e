import type { Duration } from '@pc/core';
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from 'ioredis';

/**
 * How to reach Redis, shared by `createRedisAdapter` and `createRedisBus`.
 *
 * Give exactly one of `url`, `redisOptions`, `clusterNodes` or `client`
 * (`redisOptions` may also complement a `url`).
 *
 * Ownership: a client pc creates from `url`, `redisOptions` or `clusterNodes` is
 * closed by `dispose()`. A `client` you pass in stays yours: pc never closes it,
 * never changes its options, and leaves it open after `dispose()`.
 */
export interface RedisConnectionOptions {
  /**
   * Redis URL of a standalone server, e.g. `redis://:password@127.0.0.1:6379/0`
   * (`rediss://` for TLS).
   */
  readonly url?: string;
  /**
   * ioredis options of a standalone server (`host`, `port`, `password`, `tls`,
   * `db`, ...). pc's failure defaults (no offline queue, no resend of commands
   * after a reconnect, bounded reconnect backoff) apply unless set here.
   * `keyPrefix` is rejected: use the adapter's `keyPrefix` option.
   */
  readonly redisOptions?: RedisOptions;
  /**
   * Startup nodes of a Redis Cluster (one reachable node is enough; the others
   * are discovered), e.g. `[{ host: '10.0.0.1', port: 7000 }]`.
   */
  readonly clusterNodes?: readonly ClusterNode[];
  /**
   * ioredis Cluster options, used with `clusterNodes` only. Node connection
   * settings go in `clusterOptions.redisOptions`.
   */
  readonly clusterOptions?: ClusterOptions;
  /**
   * An existing ioredis `Redis` or `Cluster` client. Never closed by pc. Its own
   * options stay in force (pc's `commandTimeoutMilliseconds` still bounds every
   * call); see the README for the options pc recommends. Must not use ioredis'
   * `keyPrefix`.
   */
  readonly client?: Redis | Cluster;
  /**
   * How long to wait for a TCP connection (and the Redis handshake) before the
   * attempt fails and a reconnect is scheduled, in milliseconds or as a duration
   * string (`'2s'`). Applies to clients
   * pc creates.
   * @default 1000
   */
  readonly connectTimeoutMilliseconds?: Duration;
  /**
   * Longest time one pc operation waits for Redis, in milliseconds or as a duration
   * string (`'500ms'`), including the
   * wait for a connection that is being established. Past it, the call rejects
   * with `TimeoutError`. Multi-step operations (`clear`) apply it per round trip.
   * @default 500
   */
  readonly commandTimeoutMilliseconds?: Duration;
  /**
   * Upper bound of the reconnect backoff (`50 * 2^attempt` milliseconds plus up to
   * 100 ms of jitter), in milliseconds or as a duration string (`'2s'`). After Redis comes back, the client
   * reconnects within this delay. Applies to clients pc creates.
   * @default 2000
   */
  readonly maxReconnectDelayMilliseconds?: Duration;
}

/** Defaults of `RedisConnectionOptions`. */
export const REDIS_CONNECTION_DEFAULTS = {
  connectTimeoutMilliseconds: 1000,
  commandTimeoutMilliseconds: 500,
  maxReconnectDelayMilliseconds: 2000,
} as const;

/** Names of `RedisConnectionOptions`: every Redis factory takes them (checked by name). */
export const CONNECTION_OPTION_NAMES = [
  'url',
  'redisOptions',
  'clusterNodes',
  'clusterOptions',
  'client',
  'connectTimeoutMilliseconds',
  'commandTimeoutMilliseconds',
  'maxReconnectDelayMilliseconds',
] as const;

import { Redis, type RedisOptions } from 'ioredis';
import type { ResolvedConnectionSettings } from './open-redis-connection.js';
import type { RedisConnectionOptions } from './redis-connection-options.js';

/**
 * Builds the bus' dedicated subscriber connections. Each one is a plain `Redis`
 * that never reconnects by itself: the bus reconnects, so it knows when a
 * subscription was lost and can report the gap. On a cluster, non-sharded
 * PUBLISH reaches every node, so any node serves; attempts rotate through the
 * startup nodes so one dead node does not stop the bus.
 */
export function subscriberFactory(
  options: RedisConnectionOptions,
  settings: ResolvedConnectionSettings,
): (attempt: number) => Redis {
  const subscriberOptions: RedisOptions = {
    connectTimeout: settings.connectTimeoutMilliseconds,
    retryStrategy: () => null,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    lazyConnect: false,
  };
  const { client, url, redisOptions, clusterNodes, clusterOptions } = options;
  if (client !== undefined && (client as { isCluster?: unknown }).isCluster !== true) {
    const redis = client as Redis;
    return () => redis.duplicate(subscriberOptions);
  }
  if (client !== undefined || clusterNodes !== undefined) {
    const source = client as unknown as
      | { startupNodes?: unknown[]; options?: { redisOptions?: RedisOptions } }
      | undefined;
    const nodes = (clusterNodes ?? source?.startupNodes ?? []).map(toHostPort);
    const nodeOptions = clusterOptions?.redisOptions ?? source?.options?.redisOptions ?? {};
    return (attempt) =>
      new Redis({ ...nodeOptions, ...nodes[attempt % nodes.length], ...subscriberOptions });
  }
  return () =>
    url === undefined
      ? new Redis({ ...redisOptions, ...subscriberOptions })
      : new Redis(url, { ...redisOptions, ...subscriberOptions });
}

function toHostPort(node: unknown): { host?: string; port?: number } {
  if (typeof node === 'number') return { port: node };
  if (typeof node === 'string') {
    const match = /^(?:rediss?:\/\/)?([^:/]+)(?::(\d+))?/.exec(node);
    return match ? { host: match[1], port: match[2] ? Number(match[2]) : undefined } : {};
  }
  if (typeof node === 'object' && node !== null) {
    const { host, port } = node as { host?: string; port?: number | string };
    return { host, port: port === undefined ? undefined : Number(port) };
  }
  return {};
}

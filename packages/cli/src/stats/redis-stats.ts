import { wrapBackendError } from '@pc/core';
import { Cluster, Redis } from 'ioredis';
import type { ConnectionTarget } from '../connection-target.js';
import { hitRatio } from '../format.js';
import type { NodeStats } from './stats-sample.js';

type RedisTarget = ConnectionTarget & { kind: 'redis' | 'redis-cluster' };

/** A connection that reads `INFO` from every master, for `pc stats`. */
export class RedisStatsReader {
  readonly #target: RedisTarget;
  readonly #timeout: number;
  #client: Redis | Cluster | undefined;

  constructor(target: RedisTarget, timeoutMilliseconds: number) {
    this.#target = target;
    this.#timeout = timeoutMilliseconds;
  }

  async read(): Promise<NodeStats[]> {
    const client = await this.#connect();
    const nodes = client instanceof Cluster ? client.nodes('master') : [client];
    const database = client instanceof Cluster ? 0 : (client.options.db ?? 0);
    return Promise.all(
      nodes.map(async (node) => {
        const address = `${node.options.host}:${node.options.port}`;
        try {
          return parseInfo(address, await withDeadline(node.info(), this.#timeout), database);
        } catch (error) {
          throw this.#failure(error, address);
        }
      }),
    );
  }

  async close(): Promise<void> {
    this.#client?.disconnect();
    this.#client = undefined;
  }

  async #connect(): Promise<Redis | Cluster> {
    if (this.#client !== undefined) return this.#client;
    const target = this.#target;
    const common = {
      lazyConnect: true,
      connectTimeout: this.#timeout,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    };
    const client =
      target.kind === 'redis'
        ? new Redis(target.url, { ...common, retryStrategy: () => null })
        : new Cluster([...target.seeds], {
            lazyConnect: true,
            enableOfflineQueue: false,
            clusterRetryStrategy: () => null,
            slotsRefreshTimeout: this.#timeout,
            redisOptions: {
              ...common,
              username: target.username,
              password: target.password,
              tls: target.tls ? {} : undefined,
            },
          });
    // Errors are reported by connect(); without a listener they would be printed too.
    client.on('error', () => undefined);
    this.#client = client;
    try {
      await withDeadline(client.connect(), this.#timeout);
    } catch (error) {
      this.#client = undefined;
      client.disconnect();
      const seed =
        target.kind === 'redis'
          ? hostOf(target.url)
          : `${target.seeds[0]!.host}:${target.seeds[0]!.port}`;
      throw this.#failure(error, seed);
    }
    return client;
  }

  #failure(error: unknown, address: string) {
    return wrapBackendError(error, {
      adapter: 'redis',
      operation: 'stats',
      address,
      deadline: { milliseconds: this.#timeout, option: '--timeout' },
    });
  }
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the Redis server';
  }
}

function withDeadline<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The counters of one `INFO` reply. */
export function parseInfo(address: string, info: string, database: number): NodeStats {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const number = (name: string) => {
    const value = fields.get(name);
    return value === undefined ? undefined : Number(value);
  };
  const keyspace = fields.get(`db${database}`);
  const keys = keyspace === undefined ? 0 : Number(/keys=(\d+)/.exec(keyspace)?.[1] ?? 0);
  const hits = number('keyspace_hits');
  const misses = number('keyspace_misses');
  return {
    address,
    entries: keys,
    memoryBytes: number('used_memory'),
    maxMemoryBytes: number('maxmemory'),
    evictions: number('evicted_keys'),
    expired: number('expired_keys'),
    hits,
    misses,
    hitRatio: hitRatio(hits, misses),
    connections: number('connected_clients'),
    uptimeSeconds: number('uptime_in_seconds'),
    version: fields.get('redis_version'),
  };
}

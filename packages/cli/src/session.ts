import { createFsAdapter } from '@pc/adapter-fs';
import { createMemcachedAdapter } from '@pc/adapter-memcached';
import { createRedisAdapter, createRedisBus, type RedisConnectionOptions } from '@pc/adapter-redis';
import {
  type Cache,
  type CacheAdapter,
  createCache,
  type InvalidationBus,
  InvalidOptionsError,
  type NamespaceOptions,
  type PayloadCodec,
} from '@pc/core';
import type { CliConfig } from './cli-config.js';
import { type ConnectionTarget, parseConnectionUrls } from './connection-target.js';
import type { GlobalOptions } from './global-options.js';
import { loadConfig } from './load-config.js';

/** A namespace of the session's cache, with what it needs to be inspected. */
export interface SessionNamespace {
  readonly cache: Cache;
  readonly path: readonly string[];
  /** The namespace's codecs (config), for inspecting raw entries. */
  readonly codecs: readonly PayloadCodec[] | undefined;
}

/** What one `pc` command works with; `dispose()` closes everything it opened. */
export interface Session {
  readonly adapter: CacheAdapter;
  readonly cache: Cache;
  /** The URL's backend, when the session was opened from a URL (`stats` needs it). */
  readonly target: ConnectionTarget | undefined;
  /** A bus is attached (invalidations reach other processes' L1). */
  readonly hasBus: boolean;
  /** Where the session points, passwords masked, for messages. */
  readonly description: string;
  /** Credentials to scrub from anything printed. */
  readonly secrets: readonly string[];
  namespace(path: string | undefined): SessionNamespace;
  dispose(): Promise<void>;
}

/** What a command needs from the session. */
export interface SessionNeeds {
  /** Attach a bus: the command invalidates (delete, invalidate, clear). */
  readonly bus: boolean;
}

/**
 * Opens the adapter and cache a command works on: from `--config` (the user's own
 * adapter and cache options) and/or `--url`.
 * @throws InvalidOptionsError for a bad URL, config or option.
 */
export async function openSession(options: GlobalOptions, needs: SessionNeeds): Promise<Session> {
  const config: CliConfig = options.config === undefined ? {} : await loadConfig(options.config);
  const urls = options.url ?? toList(config.url);
  if (config.adapter !== undefined && options.url !== undefined) {
    throw new InvalidOptionsError(
      '[pc:cli] --url and a --config that exports an adapter exclude each other; give one of them',
    );
  }
  if (config.adapter !== undefined && config.url !== undefined) {
    throw new InvalidOptionsError('[pc:cli] a --config exports "adapter" or "url", not both');
  }
  const target = config.adapter === undefined ? parseConnectionUrls(urls) : undefined;
  const adapter = config.adapter ?? createAdapter(target!, options);
  const disposables: Array<() => Promise<void> | void> = [];
  let bus = config.cache?.bus;
  let busCreated: InvalidationBus | undefined;
  try {
    if (bus === undefined && needs.bus) {
      busCreated = createBus(target, options);
      bus = busCreated;
    }
  } catch (error) {
    await adapter.dispose();
    throw error;
  }
  const cache = createCache({ burst: false, ...config.cache, adapter, bus });
  if (config.dispose !== undefined) disposables.push(config.dispose);
  else if (config.cache?.bus !== undefined)
    disposables.push(() => disposeIfPossible(config.cache?.bus));
  const secrets = target?.secrets ?? [];
  return {
    adapter,
    cache,
    target,
    hasBus: bus !== undefined,
    description: target?.display ?? `the adapter of ${options.config} (${adapter.name})`,
    secrets,
    namespace: (path) => openNamespace(cache, config, path),
    async dispose() {
      try {
        await cache.dispose();
      } finally {
        await disposeIfPossible(busCreated);
        await adapter.dispose();
        for (const dispose of disposables) await dispose();
      }
    },
  };
}

function toList(url: CliConfig['url']): string[] {
  if (url === undefined) return [];
  return typeof url === 'string' ? [url] : [...url];
}

function createAdapter(target: ConnectionTarget, options: GlobalOptions): CacheAdapter {
  const namespace = options.adapterNamespace;
  switch (target.kind) {
    case 'redis':
    case 'redis-cluster':
      return createRedisAdapter({
        ...redisConnection(target, options),
        namespace,
        keyPrefix: options.keyPrefix,
      });
    case 'memcached':
      return createMemcachedAdapter({
        servers: [...target.servers],
        namespace,
        keyPrefix: options.keyPrefix,
        timeoutMilliseconds: options.timeout,
      });
    case 'fs':
      return createFsAdapter({ directory: target.directory, namespace });
  }
}

/** Connection options of the Redis adapter and bus for a Redis target. */
export function redisConnection(
  target: ConnectionTarget & { kind: 'redis' | 'redis-cluster' },
  options: Pick<GlobalOptions, 'timeout'>,
): RedisConnectionOptions {
  const timeouts = {
    connectTimeoutMilliseconds: options.timeout,
    commandTimeoutMilliseconds: options.timeout,
  };
  if (target.kind === 'redis') return { url: target.url, ...timeouts };
  return {
    clusterNodes: target.seeds.map((seed) => ({ ...seed })),
    clusterOptions: {
      redisOptions: {
        username: target.username,
        password: target.password,
        tls: target.tls ? {} : undefined,
      },
    },
    ...timeouts,
  };
}

/** The bus invalidations go out on: `--bus <url>`, else the Redis backend itself, unless `--no-bus`. */
function createBus(
  target: ConnectionTarget | undefined,
  options: GlobalOptions,
): InvalidationBus | undefined {
  if (options.bus === false) return undefined;
  let busTarget = target;
  if (typeof options.bus === 'string') {
    busTarget = parseConnectionUrls([options.bus]);
    if (busTarget.kind !== 'redis' && busTarget.kind !== 'redis-cluster') {
      throw new InvalidOptionsError(
        '[pc:cli] --bus must be a redis://, rediss:// or redis-cluster:// URL',
      );
    }
  }
  if (
    busTarget === undefined ||
    (busTarget.kind !== 'redis' && busTarget.kind !== 'redis-cluster')
  ) {
    return undefined;
  }
  return createRedisBus({
    ...redisConnection(busTarget, options),
    channel: options.busChannel,
    // A CLI run is short: a lost subscriber is not worth a warning.
    onError: () => undefined,
  });
}

function openNamespace(
  cache: Cache,
  config: CliConfig,
  path: string | undefined,
): SessionNamespace {
  if (path === undefined || path === '') {
    return { cache, path: [], codecs: config.cache?.codecs };
  }
  const names = path.split('/');
  let current = cache;
  let codecs = config.cache?.codecs;
  names.forEach((name, index) => {
    const options: NamespaceOptions | undefined =
      config.namespaces?.[names.slice(0, index + 1).join('/')];
    if (options?.codecs !== undefined) codecs = options.codecs;
    current = current.namespace(name, options);
  });
  return { cache: current, path: names, codecs };
}

async function disposeIfPossible(resource: unknown): Promise<void> {
  const dispose = (resource as { dispose?: unknown } | undefined)?.dispose;
  if (typeof dispose === 'function') await (dispose as () => Promise<void>).call(resource);
}

import type { CacheAdapter, CacheOptions, NamespaceOptions } from '@pc/core';

/**
 * What a `pc --config <file>` module exports (as its default export, or as a
 * function returning it): your own adapter and cache options, so `pc` reads and
 * writes exactly as your application does (custom serializers' codecs,
 * compression, encryption keys, a bus).
 *
 * ```js
 * // pc.config.mjs
 * import { createEncryptionCodec, createGzipCodec } from '@pc/core';
 * import { createRedisAdapter } from '@pc/adapter-redis';
 *
 * export default {
 *   adapter: createRedisAdapter({ url: process.env.REDIS_URL, namespace: 'app' }),
 *   cache: { codecs: [createGzipCodec(), createEncryptionCodec({ keyring })] },
 * };
 * ```
 */
export interface CliConfig {
  /**
   * A connection URL as `--url` takes it (or several, for Redis Cluster seeds),
   * used when `adapter` is not given. `--url` on the command line wins.
   * @default undefined
   */
  readonly url?: string | readonly string[] | undefined;
  /**
   * Your adapter, created as your application creates it. `pc` disposes it when
   * the command is done. Excludes `url` and `--url`.
   * @default undefined (an adapter is created from the URL)
   */
  readonly adapter?: CacheAdapter | undefined;
  /**
   * Options of the cache, as your application passes them to `createCache`
   * (without `adapter`): `codecs` to decode values, `bus` so that `invalidate`,
   * `delete` and `clear` reach every process's L1.
   * @default {}
   */
  readonly cache?: Omit<CacheOptions, 'adapter'> | undefined;
  /**
   * Options of namespaces by path (`'users'`, `'users/admins'`), as your
   * application passes them to `cache.namespace(name, options)` (their own
   * `codecs`, for example).
   * @default {}
   */
  readonly namespaces?: Readonly<Record<string, NamespaceOptions>> | undefined;
  /**
   * Called once the command is done, after the cache and the adapter were
   * disposed: close what the config opened besides the adapter (a bus, clients).
   * Without it, `pc` disposes `cache.bus` when it has a `dispose()` method.
   * @default undefined
   */
  readonly dispose?: (() => Promise<void> | void) | undefined;
}

/** What a config module may export: the config, or a function that builds it. */
export type CliConfigExport = CliConfig | (() => CliConfig | Promise<CliConfig>);

/** Returns `config` as given: a typed way to write a config file. */
export function defineCliConfig<T extends CliConfigExport>(config: T): T {
  return config;
}

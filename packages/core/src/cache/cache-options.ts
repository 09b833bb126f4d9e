import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { ADAPTER_CONTRACT_VERSION } from '../contracts/cache-adapter.js';
import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/** Options of `createCache` / `new Cache`. */
export interface CacheOptions {
  /**
   * The shared adapter (L2) entries, tag versions and namespaces live in. Injected:
   * the Cache never disposes it; dispose it yourself after the Cache.
   */
  readonly adapter: CacheAdapter;
  /**
   * TTL of entries written without `ttlMilliseconds`, in milliseconds.
   * `undefined` or `Number.POSITIVE_INFINITY`: entries never expire (they stay until
   * deleted, invalidated or evicted by the backend). Must be positive.
   * @default undefined
   */
  readonly defaultTtlMilliseconds?: number | undefined;
}

/** Defaults of `CacheOptions`, in one place. */
export const CACHE_DEFAULTS = {
  defaultTtlMilliseconds: undefined,
} as const satisfies Omit<CacheOptions, 'adapter'>;

/** `CacheOptions` after validation. */
export interface ResolvedCacheOptions {
  readonly adapter: CacheAdapter;
  /** Set when the adapter keeps its own tag index and the Cache should use it. */
  readonly nativeTagAdapter: NativeTagAdapter | undefined;
  readonly defaultTtlMilliseconds: number | undefined;
}

const KNOWN_OPTIONS = new Set(['adapter', 'defaultTtlMilliseconds']);
const ADAPTER_METHODS = [
  'get',
  'getMany',
  'set',
  'setMany',
  'delete',
  'deleteMany',
  'clear',
  'dispose',
] as const;

/** Validates `options` eagerly; every error names the option to change. */
export function resolveCacheOptions(options: CacheOptions): ResolvedCacheOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('[pc:cache] options must be an object with an "adapter"');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionsError(
        `[pc:cache] unknown option "${name}"; known options: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const adapter = options.adapter as Partial<CacheAdapter> | undefined;
  if (typeof adapter !== 'object' || adapter === null) {
    throw new InvalidOptionsError('[pc:cache] set "adapter" to a CacheAdapter instance');
  }
  for (const method of ADAPTER_METHODS) {
    if (typeof adapter[method] !== 'function') {
      throw new InvalidOptionsError(
        `[pc:cache] "adapter" is not a CacheAdapter: it has no ${method}() method`,
      );
    }
  }
  if (adapter.contractVersion !== ADAPTER_CONTRACT_VERSION) {
    throw new InvalidOptionsError(
      `[pc:cache] "adapter" implements contract version ${String(adapter.contractVersion)}; ` +
        `this @pc/core supports version ${ADAPTER_CONTRACT_VERSION}`,
    );
  }
  if (typeof adapter.capabilities !== 'object' || adapter.capabilities === null) {
    throw new InvalidOptionsError('[pc:cache] "adapter" declares no capabilities');
  }
  let nativeTagAdapter: NativeTagAdapter | undefined;
  if (adapter.capabilities.nativeTags) {
    const candidate = adapter as Partial<NativeTagAdapter>;
    if (
      typeof candidate.setTagged !== 'function' ||
      typeof candidate.invalidateTags !== 'function'
    ) {
      throw new InvalidOptionsError(
        '[pc:cache] "adapter" declares capabilities.nativeTags but lacks setTagged() or ' +
          'invalidateTags(); implement NativeTagAdapter or declare nativeTags: false',
      );
    }
    nativeTagAdapter = candidate as NativeTagAdapter;
  }
  const ttl = options.defaultTtlMilliseconds;
  if (ttl !== undefined && (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl <= 0)) {
    throw new InvalidOptionsError(
      `[pc:cache] set "defaultTtlMilliseconds" to a positive number of milliseconds ` +
        `(or leave it undefined for no expiry), got ${String(ttl)}`,
    );
  }
  return {
    adapter: adapter as CacheAdapter,
    nativeTagAdapter,
    defaultTtlMilliseconds:
      ttl === Number.POSITIVE_INFINITY ? undefined : (ttl ?? CACHE_DEFAULTS.defaultTtlMilliseconds),
  };
}

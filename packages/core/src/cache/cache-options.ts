import {
  type CircuitBreakerOptions,
  resolveCircuitBreakerOptions,
} from '../breaker/circuit-breaker-options.js';
import { BURST_DEFAULTS, resolveBurstPolicy } from '../burst/burst-options.js';
import { CodecChain } from '../codecs/codec-chain.js';
import { REQUIRED_DATA_METHODS } from '../contracts/adapter-methods.js';
import type { BurstPolicy } from '../contracts/burst-policy.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { ADAPTER_CONTRACT_VERSION } from '../contracts/cache-adapter.js';
import type { CacheLogger } from '../contracts/cache-logger.js';
import type { Duration } from '../contracts/duration.js';
import type { InvalidationBus } from '../contracts/invalidation-bus.js';
import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import type { ResilienceOptions } from '../contracts/resilience-options.js';
import { durationOption } from '../durations/duration-option.js';
import { toMilliseconds } from '../durations/to-milliseconds.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import type { CacheEvent } from '../events/cache-events.js';
import {
  DEFAULT_RESILIENCE,
  RESILIENCE_OPTION_NAMES,
  resolveResilience,
} from '../runtime/resilience-policy.js';
import type { RuntimeOptions } from '../runtime/runtime-options.js';

/**
 * Options of `createCache` / `new Cache`. The resilience options (grace window,
 * soft and hard timeouts, early refresh: `ResilienceOptions`) set the defaults of
 * every namespace, store and call. Every option in milliseconds also takes a
 * duration string (`'250ms'`, `'5m'`, `'1.5h'`, `'2d'`; see `toMilliseconds`).
 */
export interface CacheOptions extends ResilienceOptions {
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
  readonly defaultTtlMilliseconds?: Duration | undefined;
  /**
   * The per-process burst layer (L1) used by `getOrLoad` / `getManyOrLoad`:
   * `ttlMilliseconds` (how long a value stays in L1), `maxItems` and `maxBytes`
   * (caps; bytes are measured on the serialized value). `false` turns L1 off.
   * Namespaces and single calls may shorten the TTL or opt out (`burst: false`);
   * the caps belong to the root cache.
   * @default { ttlMilliseconds: 1000, maxItems: 10_000, maxBytes: 67_108_864 }
   */
  readonly burst?: BurstPolicy | false | undefined;
  /**
   * Publish/subscribe transport that drops L1 entries in every process when one
   * invalidates (e.g. `createRedisBus` from `@pc/adapter-redis`). Injected: the
   * cache subscribes and unsubscribes, but never disposes it. Without a bus, other
   * processes' L1 entries stay readable until their burst TTL ends.
   * @default undefined
   */
  readonly bus?: InvalidationBus | undefined;
  /**
   * What a failed invalidation does. `'reject'`: the call rejects with
   * `InvalidationError`. `'queue'`: the call resolves once the invalidation is
   * queued; it is retried in the background with exponential backoff (events
   * `invalidation-queued`, `invalidation-retry`), and until it succeeds this
   * process reads its keys and tags from the loader without caching them.
   * @default 'reject'
   */
  readonly invalidationFailure?: 'reject' | 'queue' | undefined;
  /**
   * First retry delay of a queued invalidation, in milliseconds; each retry
   * doubles it, up to `invalidationRetryMaxDelayMilliseconds`.
   * @default 100
   */
  readonly invalidationRetryDelayMilliseconds?: Duration | undefined;
  /**
   * Longest delay between two retries of a queued invalidation, in milliseconds.
   * @default 30_000
   */
  readonly invalidationRetryMaxDelayMilliseconds?: Duration | undefined;
  /**
   * How long a lease holds a key for its loader, in milliseconds. On a miss the
   * cache writes a lease into the key's L2 slot before the loader runs, and stores
   * the loaded value only if that lease is still there: an invalidation, an
   * eviction or a restart in between makes the fill fail, in every process. A
   * loader slower than this stores nothing (its callers still get the value).
   * @default 30_000
   */
  readonly leaseTtlMilliseconds?: Duration | undefined;
  /**
   * How long a miss waits for another process's lease to be filled before taking
   * it over (replacing the lease with its own and loading), in milliseconds. While
   * it waits, the key is read again with a growing pause (at most 50 ms), so one
   * load serves every process (cross-process single-flight).
   * @default 5_000
   */
  readonly leaseWaitMilliseconds?: Duration | undefined;
  /**
   * Stale-if-error window, in milliseconds: when a load fails (the loader throws,
   * whether or not L2 answered), `getOrLoad` / `getManyOrLoad` serve the value this
   * process's L1 held for each failed key if its L1 TTL ended at most this long ago,
   * and emit `stale`. Values dropped by an invalidation (local, or from the bus) are
   * never served; without a bus, a value another process invalidated can be served
   * up to burst TTL + this window after the invalidation resolved (instead of burst TTL).
   * `0`: off (L1 entries are dropped when their TTL ends).
   * @default 0
   */
  readonly staleIfErrorMilliseconds?: Duration | undefined;
  /**
   * Payload codecs: transformations of each stored value, applied in this order on
   * write and in reverse on read (`createGzipCodec()`, `createBrotliCodec()`,
   * `createEncryptionCodec({ keyring })` or your own `PayloadCodec`). Put
   * compression before encryption (encrypted bytes do not compress). Only values
   * are encoded; tag versions and leases stay plain. Entries record which codecs
   * encoded them, so entries written before and after a change of this list both
   * read, except where a removed codec is needed to decode them or a `required`
   * codec (encryption) did not encode them: those read as a miss and the next
   * load replaces them. Namespaces inherit the list unless they pass their own.
   * @default undefined (no codecs)
   */
  readonly codecs?: readonly PayloadCodec[] | undefined;
  /**
   * The circuit breaker of the shared adapter (L2). After `failureThreshold` L2
   * failures in a row (within `failureWindowMilliseconds`), L2 reads and
   * read-through's own writes (leases, fills) are skipped for `openMilliseconds`:
   * `getOrLoad` / `getManyOrLoad` read L1 and the loader at once (and store
   * nothing in L2), plain `get` / `getMany` fail at once with `CircuitOpenError`
   * (a `BackendUnavailableError`; see `getFailure`). Then one call probes L2: its
   * success closes the circuit, its failure opens it again. Plain writes
   * (`set`, `delete`, ...), `clear` and invalidations are never skipped: they go
   * to L2 and reject (or queue) when it fails, as without a breaker, and a success
   * closes the circuit. Event `breaker` (`state`: open, half-open, closed).
   * `true`: on with the defaults; `false` / `undefined`: off.
   * @default undefined (off)
   */
  readonly circuitBreaker?: CircuitBreakerOptions | boolean | undefined;
  /**
   * What plain `get`, `getMany` and `has` do when L2 fails (or the circuit
   * breaker skips it). `'reject'`: they reject with the adapter's error
   * (`BackendUnavailableError`, `TimeoutError`, `CircuitOpenError`), so "not
   * cached" and "could not tell" stay apart. `'miss'`: they answer `undefined`
   * for every key (`false` for `has`) and emit `backend-error`
   * (`operation: 'read'`), as `getOrLoad` does before calling its loader.
   * @default 'reject'
   */
  readonly getFailure?: 'reject' | 'miss' | undefined;
  /**
   * A pino-compatible logger (`debug`, `info`, `warn`, `error`, `child`). The cache
   * logs L2 failures, unreadable entries, stale and grace serves, bus gaps, invalidations
   * queued, retried and dropped, and circuit breaker changes, each as
   * `(fields, message)` with errors under `err`, through one
   * `logger.child({ component: 'pc-cache' })`. Hits, misses and loads are not
   * logged. Without a logger nothing is logged and nothing is subscribed.
   * @default undefined
   */
  readonly logger?: CacheLogger | undefined;
  /**
   * Called with every event (hit, miss, corrupt, load, load-error, stale,
   * invalidate, backend-error, bus-gap, invalidation-queued, invalidation-retry,
   * invalidation-dropped, breaker): the hook
   * for loggers and metrics. Must not throw (errors are swallowed) and should be
   * cheap: hits call it synchronously.
   * @default undefined
   */
  readonly onEvent?: ((event: CacheEvent) => void) | undefined;
}

/** Defaults of `CacheOptions`, in one place. */
export const CACHE_DEFAULTS = {
  defaultTtlMilliseconds: undefined,
  burst: BURST_DEFAULTS,
  bus: undefined,
  invalidationFailure: 'reject',
  invalidationRetryDelayMilliseconds: 100,
  invalidationRetryMaxDelayMilliseconds: 30_000,
  leaseTtlMilliseconds: 30_000,
  leaseWaitMilliseconds: 5_000,
  staleIfErrorMilliseconds: 0,
  codecs: undefined,
  circuitBreaker: undefined,
  getFailure: 'reject',
  logger: undefined,
  onEvent: undefined,
} as const satisfies Omit<CacheOptions, 'adapter'>;

/** `CacheOptions` after validation. */
export interface ResolvedCacheOptions extends RuntimeOptions {
  /** The root cache's codecs; `undefined`: none. */
  readonly codecs: CodecChain | undefined;
}

const KNOWN_OPTIONS = new Set([
  'adapter',
  ...Object.keys(CACHE_DEFAULTS),
  ...RESILIENCE_OPTION_NAMES,
]);
const LOGGER_METHODS = ['debug', 'info', 'warn', 'error', 'child'] as const;
const ADAPTER_METHODS = [...REQUIRED_DATA_METHODS, 'dispose'] as const;

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
  const ttl = toMilliseconds(options.defaultTtlMilliseconds, 'defaultTtlMilliseconds');
  if (ttl !== undefined && (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl <= 0)) {
    throw new InvalidOptionsError(
      `[pc:cache] set "defaultTtlMilliseconds" to a positive number of milliseconds ` +
        `(or leave it undefined for no expiry), got ${String(ttl)}`,
    );
  }
  const bus = options.bus as Partial<InvalidationBus> | undefined;
  if (
    bus !== undefined &&
    (typeof bus !== 'object' ||
      bus === null ||
      typeof bus.publish !== 'function' ||
      typeof bus.subscribe !== 'function')
  ) {
    throw new InvalidOptionsError(
      '[pc:cache] set "bus" to an InvalidationBus (with publish() and subscribe()), e.g. createRedisBus()',
    );
  }
  const failure = options.invalidationFailure ?? CACHE_DEFAULTS.invalidationFailure;
  if (failure !== 'reject' && failure !== 'queue') {
    throw new InvalidOptionsError(
      `[pc:cache] set "invalidationFailure" to 'reject' or 'queue', got ${String(failure)}`,
    );
  }
  const getFailure = options.getFailure ?? CACHE_DEFAULTS.getFailure;
  if (getFailure !== 'reject' && getFailure !== 'miss') {
    throw new InvalidOptionsError(
      `[pc:cache] set "getFailure" to 'reject' or 'miss', got ${String(getFailure)}`,
    );
  }
  const logger = options.logger as Partial<CacheLogger> | undefined;
  if (
    logger !== undefined &&
    (typeof logger !== 'object' ||
      logger === null ||
      LOGGER_METHODS.some((method) => typeof logger[method] !== 'function'))
  ) {
    throw new InvalidOptionsError(
      `[pc:cache] set "logger" to a pino-compatible logger with ${LOGGER_METHODS.join(', ')} methods, got ${logger === null ? 'null' : typeof logger}`,
    );
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    throw new InvalidOptionsError('[pc:cache] set "onEvent" to a function (event) => void');
  }
  return {
    adapter: adapter as CacheAdapter,
    nativeTagAdapter,
    defaultTtlMilliseconds:
      ttl === Number.POSITIVE_INFINITY ? undefined : (ttl ?? CACHE_DEFAULTS.defaultTtlMilliseconds),
    burst: resolveBurstPolicy(options.burst, BURST_DEFAULTS, 'burst'),
    bus: bus as InvalidationBus | undefined,
    invalidationFailure: failure,
    invalidationRetryDelayMilliseconds: durationOption(
      options.invalidationRetryDelayMilliseconds,
      CACHE_DEFAULTS.invalidationRetryDelayMilliseconds,
      'invalidationRetryDelayMilliseconds',
    ),
    invalidationRetryMaxDelayMilliseconds: durationOption(
      options.invalidationRetryMaxDelayMilliseconds,
      CACHE_DEFAULTS.invalidationRetryMaxDelayMilliseconds,
      'invalidationRetryMaxDelayMilliseconds',
    ),
    leaseTtlMilliseconds: durationOption(
      options.leaseTtlMilliseconds,
      CACHE_DEFAULTS.leaseTtlMilliseconds,
      'leaseTtlMilliseconds',
    ),
    leaseWaitMilliseconds: durationOption(
      options.leaseWaitMilliseconds,
      CACHE_DEFAULTS.leaseWaitMilliseconds,
      'leaseWaitMilliseconds',
    ),
    staleIfErrorMilliseconds: durationOption(
      options.staleIfErrorMilliseconds,
      CACHE_DEFAULTS.staleIfErrorMilliseconds,
      'staleIfErrorMilliseconds',
      true,
    ),
    codecs: CodecChain.of(options.codecs, 'codecs'),
    resilience: resolveResilience(options, DEFAULT_RESILIENCE, 'createCache'),
    onEvent: options.onEvent,
    circuitBreaker: resolveCircuitBreakerOptions(options.circuitBreaker),
    getFailure,
    logger: logger as CacheLogger | undefined,
  };
}

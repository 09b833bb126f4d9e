export { checkOptionNames } from './adapter-kit/check-option-names.js';
export type { ServerExpiry, ServerExpiryLimits } from './adapter-kit/server-expiry.js';
export { serverExpiry } from './adapter-kit/server-expiry.js';
export { validateEntry } from './adapter-kit/validate-entry.js';
export type { BackendFailure } from './adapter-kit/wrap-backend-error.js';
export { wrapBackendError } from './adapter-kit/wrap-backend-error.js';
export type { CircuitBreakerOptions } from './breaker/circuit-breaker-options.js';
export { CIRCUIT_BREAKER_DEFAULTS } from './breaker/circuit-breaker-options.js';
export { BURST_DEFAULTS } from './burst/burst-options.js';
export { Cache } from './cache/cache.js';
export type { CacheApi } from './cache/cache-api.js';
export type { CacheOptions } from './cache/cache-options.js';
export { CACHE_DEFAULTS } from './cache/cache-options.js';
export { createCache } from './cache/create-cache.js';
export type { SetManyItem, SetOptions } from './cache/set-options.js';
export { createBrotliCodec } from './codecs/brotli-codec.js';
export type { CompressionCodecOptions } from './codecs/compression-codec-options.js';
export { COMPRESSION_CODEC_DEFAULTS } from './codecs/compression-codec-options.js';
export { createEncryptionCodec } from './codecs/encryption-codec.js';
export type {
  EncryptionCodecOptions,
  EncryptionKeyring,
} from './codecs/encryption-codec-options.js';
export { ENCRYPTION_CODEC_DEFAULTS } from './codecs/encryption-codec-options.js';
export { createGzipCodec } from './codecs/gzip-codec.js';
export type { AdapterCapabilities } from './contracts/adapter-capabilities.js';
export type { AdapterEntry } from './contracts/adapter-entry.js';
export type { AdapterFactory, AdapterTestContext } from './contracts/adapter-factory.js';
export type { BurstPolicy } from './contracts/burst-policy.js';
export type { CacheAdapter } from './contracts/cache-adapter.js';
export { ADAPTER_CONTRACT_VERSION } from './contracts/cache-adapter.js';
export type { CacheLogger } from './contracts/cache-logger.js';
export type { CompareAndSetItem } from './contracts/compare-and-set-item.js';
export type { Duration, DurationString, DurationUnit } from './contracts/duration.js';
export type { InvalidateAction, InvalidateEvent } from './contracts/invalidate-event.js';
export type { BusMessage, BusSubscriber, InvalidationBus } from './contracts/invalidation-bus.js';
export type { InvalidationTargets } from './contracts/invalidation-targets.js';
export type { Invalidator } from './contracts/invalidator.js';
export type { NativeTagAdapter } from './contracts/native-tag-adapter.js';
export type { PayloadCodec, PayloadCodecContext } from './contracts/payload-codec.js';
export type { EarlyRefreshOptions, ResilienceOptions } from './contracts/resilience-options.js';
export type { StoreDefinition } from './contracts/store-definition.js';
export type { StoreIndex } from './contracts/store-index.js';
export type { StoreInvalidationRules } from './contracts/store-invalidation-rules.js';
export type { StoreInvalidationTargets } from './contracts/store-invalidation-targets.js';
export { bindDerivedCache } from './derived/bind-derived-cache.js';
export type { BoundDerivedCache } from './derived/bound-derived-cache.js';
export { defineDerivedCache } from './derived/define-derived-cache.js';
export type {
  DerivedCacheDefinition,
  DerivedCacheInputs,
  DerivedInputReader,
  DerivedInputReaders,
} from './derived/derived-cache-definition.js';
export { toMilliseconds } from './durations/to-milliseconds.js';
export { BackendUnavailableError } from './errors/backend-unavailable-error.js';
export { CacheLayerError, type CacheLayerErrorOptions } from './errors/cache-layer-error.js';
export { CircuitOpenError } from './errors/circuit-open-error.js';
export { ClosedError } from './errors/closed-error.js';
export { InvalidKeyError } from './errors/invalid-key-error.js';
export { InvalidOptionsError } from './errors/invalid-options-error.js';
export { InvalidationError } from './errors/invalidation-error.js';
export type { PcErrorOptions } from './errors/pc-error.js';
export { PcError } from './errors/pc-error.js';
export { SerializationError } from './errors/serialization-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { UnsupportedCapabilityError } from './errors/unsupported-capability-error.js';
export { ValueTooLargeError } from './errors/value-too-large-error.js';
export type { EventListeners } from './events/attach-listeners.js';
export { attachListeners } from './events/attach-listeners.js';
export { CACHE_EVENT_NAMES } from './events/cache-event-names.js';
export type {
  CacheEvent,
  CacheEventListener,
  CacheEventMap,
  CacheEventName,
  CacheLayer,
} from './events/cache-events.js';
export type { CacheStatsSnapshot, NamespaceStats } from './events/cache-stats.js';
export {
  DEFAULT_DURATION_BUCKETS_SECONDS,
  durationBucketsOption,
} from './events/duration-buckets.js';
export { errorType } from './events/error-type.js';
export type { LatencySummary } from './events/latency-histogram.js';
export type {
  EntryInspection,
  InspectedState,
  InspectedTag,
} from './inspection/entry-inspection.js';
export type { InspectEntryOptions } from './inspection/inspect-entry.js';
export { inspectEntry } from './inspection/inspect-entry.js';
export type { ParsedEntryKey } from './inspection/parse-entry-key.js';
export { parseEntryKey } from './inspection/parse-entry-key.js';
export { createInvalidatorRegistry } from './invalidation/create-invalidator-registry.js';
export { createRepositoryEvents } from './invalidation/create-repository-events.js';
export { createStoreInvalidator } from './invalidation/create-store-invalidator.js';
export type {
  AssertAllHandled,
  HandledEvent,
  UnhandledEvent,
} from './invalidation/handled-events.js';
export type { InvalidatorRegistry } from './invalidation/invalidator-registry.js';
export type {
  RepositoryEventInput,
  RepositoryEventSource,
  RepositoryEvents,
} from './invalidation/repository-events.js';
export { NAMESPACE_NAME_PATTERN } from './keys/namespace-name.js';
export { createProxy } from './proxies/create-proxy.js';
export type { MethodName, ProxyRoute, ProxyRoutes, StoreRoute } from './proxies/proxy-routes.js';
export type { GetOrLoadOptions } from './runtime/get-or-load-options.js';
export type { NamespaceOptions } from './runtime/namespace-options.js';
export { deserializeValue } from './serialization/deserialize-value.js';
export { serializeValue } from './serialization/serialize-value.js';
export { bindStore } from './stores/bind-store.js';
export type { BoundStore } from './stores/bound-store.js';
export { defineStore, STORE_NAME_PATTERN } from './stores/define-store.js';
export { storeIndexKey, storeKey } from './stores/store-key.js';
export type {
  CachedSourceOptions,
  CachedSourcePackage,
  CachedSourceWiring,
} from './stores/wire-cached-source.js';
export { wireCachedSource } from './stores/wire-cached-source.js';
export { DEPENDENCY_TAG_PREFIX, dependencyTag } from './tags/dependency-tags.js';
export type { TagVersions } from './tags/tag-versions.js';

/** The instrumentation scope of every meter and tracer this package creates. */
export const SCOPE_NAME = '@pc/opentelemetry';

/** Metric names (OpenTelemetry naming: dots, units in the `unit` field). */
export const METRIC_NAMES = {
  hits: 'pc.cache.hits',
  misses: 'pc.cache.misses',
  loadDuration: 'pc.cache.load.duration',
  loadKeys: 'pc.cache.load.keys',
  l2ReadDuration: 'pc.cache.l2.read.duration',
  errors: 'pc.cache.errors',
  corruptEntries: 'pc.cache.corrupt_entries',
  invalidations: 'pc.cache.invalidations',
  staleServed: 'pc.cache.stale.served',
  graceServed: 'pc.cache.grace.served',
  breakerState: 'pc.cache.breaker.state',
} as const;

/** Span names. */
export const SPAN_NAMES = {
  load: 'pc.cache.load',
  l2Read: 'pc.cache.l2.read',
} as const;

/** Attribute names on metric points and spans. */
export const ATTRIBUTE_NAMES = {
  /** Namespace path joined with `/` (`''` for the root cache). */
  namespace: 'pc.cache.namespace',
  /** `l1` (the in-process burst layer) or `l2` (the shared adapter). */
  layer: 'pc.cache.layer',
  /** `hit`, `miss` or (an L2 read of several keys that found some) `partial`. */
  result: 'pc.cache.result',
  /** Keys in one loader call or one L2 round trip. */
  batchSize: 'pc.cache.batch_size',
  /** Keys of an L2 round trip that held a value. */
  hits: 'pc.cache.hits',
  /** What failed: `load`, `read`, `write`, `delete`, `publish`, `subscribe`, `invalidate`. */
  operation: 'pc.cache.operation',
  /** Whether an invalidation was recorded inside a transaction (applied at its commit). */
  deferred: 'pc.cache.invalidation.deferred',
  /** Why grace served a value: `error`, `soft-timeout`, `backoff`. */
  graceReason: 'pc.cache.grace.reason',
  /** A circuit breaker state: `closed`, `half-open`, `open`. */
  breakerState: 'pc.cache.breaker.state',
  /** The error's code (`PC_TIMEOUT`, `ECONNREFUSED`) or name (`TypeError`). */
  errorType: 'error.type',
} as const;

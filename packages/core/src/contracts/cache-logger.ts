/**
 * A logger the cache writes to (`logger` option of `createCache`): pino's
 * interface, which bunyan-style loggers share. Every call is `(fields, message)`:
 * structured fields first (errors under `err`), then a short message.
 */
export interface CacheLogger {
  /** Detail useful while debugging (e.g. a call the circuit breaker skipped). */
  debug(fields: object, message: string): void;
  /** Normal but notable (a circuit closed again, a queued invalidation went through). */
  info(fields: object, message: string): void;
  /** Degraded service the cache absorbed (L2 failed, stale or graced values served). */
  warn(fields: object, message: string): void;
  /** Work the cache could not do (queued invalidations dropped). */
  error(fields: object, message: string): void;
  /** A logger that adds `bindings` to every line; called once per cache. */
  child(bindings: object): CacheLogger;
}

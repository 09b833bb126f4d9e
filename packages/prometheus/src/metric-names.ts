/** Metric names after the prefix (`pc_cache_` by default), Prometheus style: unit and `_total` suffixes. */
export const METRIC_NAMES = {
  hits: 'hits_total',
  misses: 'misses_total',
  loadDuration: 'load_duration_seconds',
  loadKeys: 'load_keys_total',
  l2ReadDuration: 'l2_read_duration_seconds',
  errors: 'errors_total',
  corruptEntries: 'corrupt_entries_total',
  invalidations: 'invalidations_total',
  staleServed: 'stale_served_total',
  graceServed: 'grace_served_total',
  breakerState: 'breaker_state',
} as const;

/** Label names the metrics use (not available as fixed `labels`). */
export const LABEL_NAMES = {
  namespace: 'namespace',
  layer: 'layer',
  operation: 'operation',
  errorType: 'error_type',
  deferred: 'deferred',
  reason: 'reason',
  state: 'state',
} as const;

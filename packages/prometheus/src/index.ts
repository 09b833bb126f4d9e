export { attachPrometheus } from './attach-prometheus.js';
export type { BreakerState } from './breaker-state.js';
export { LABEL_NAMES, METRIC_NAMES } from './metric-names.js';
export type { ObservedCache } from './observed-cache.js';
export {
  DEFAULT_DURATION_BUCKETS_SECONDS,
  type PrometheusOptions,
} from './prometheus-options.js';

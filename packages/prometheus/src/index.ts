export { attachPrometheus } from './attach-prometheus.js';
export type { ObservedCache } from './cache-subscription.js';
export type { BreakerState } from './future-events.js';
export { LABEL_NAMES, METRIC_NAMES } from './metric-names.js';
export {
  DEFAULT_DURATION_BUCKETS_SECONDS,
  type PrometheusOptions,
} from './prometheus-options.js';

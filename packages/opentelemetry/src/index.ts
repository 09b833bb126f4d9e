export { attachOpenTelemetry } from './attach-opentelemetry.js';
export type { BreakerState } from './breaker-state.js';
export type { ObservedCache } from './observed-cache.js';
export {
  DEFAULT_DURATION_BOUNDARIES_SECONDS,
  type OpenTelemetryOptions,
} from './opentelemetry-options.js';
export { ATTRIBUTE_NAMES, METRIC_NAMES, SCOPE_NAME, SPAN_NAMES } from './semantic-names.js';

export { attachOpenTelemetry } from './attach-opentelemetry.js';
export type { ObservedCache } from './cache-subscription.js';
export type { BreakerState } from './future-events.js';
export {
  DEFAULT_DURATION_BOUNDARIES_SECONDS,
  type OpenTelemetryOptions,
} from './opentelemetry-options.js';
export { ATTRIBUTE_NAMES, METRIC_NAMES, SCOPE_NAME, SPAN_NAMES } from './semantic-names.js';

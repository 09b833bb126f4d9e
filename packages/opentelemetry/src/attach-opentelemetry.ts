import { attachMetrics } from './cache-metrics.js';
import { attachTraces } from './cache-spans.js';
import type { ObservedCache } from './observed-cache.js';
import { type OpenTelemetryOptions, resolveOpenTelemetryOptions } from './opentelemetry-options.js';

/**
 * Records a cache's metrics and spans through `@opentelemetry/api` (the SDK the
 * application registered, or the providers given in `options`). Works on the
 * root cache or any namespace of it: both report every namespace.
 * @returns detaches: no more listeners on the cache, no more observations. Idempotent.
 * @throws InvalidOptionsError for an unknown option or a bad value.
 */
export function attachOpenTelemetry(
  cache: ObservedCache,
  options?: OpenTelemetryOptions,
): () => void {
  const resolved = resolveOpenTelemetryOptions(options);
  const detachers: Array<() => void> = [];
  if (resolved.metrics) detachers.push(attachMetrics(cache, resolved));
  if (resolved.traces) detachers.push(attachTraces(cache, resolved));
  return () => {
    for (const detach of detachers.splice(0)) detach();
  };
}

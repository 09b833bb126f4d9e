import { type Attributes, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { attachListeners, type CacheEventMap, errorType } from '@pc/core';
import type { ObservedCache } from './observed-cache.js';
import type { ResolvedOpenTelemetryOptions } from './opentelemetry-options.js';
import { ATTRIBUTE_NAMES, SCOPE_NAME, SPAN_NAMES } from './semantic-names.js';

const { namespace, layer, result, batchSize, hits } = ATTRIBUTE_NAMES;

/**
 * Records a span for each loader call and each L2 round trip, when the cache
 * reports it finished: the span is started back-dated by the reported duration,
 * as a child of the span active in the caller's context. Spans the loader starts
 * itself are therefore siblings, not children, of `pc.cache.load`.
 * @returns stops recording.
 */
export function attachTraces(
  cache: ObservedCache,
  options: ResolvedOpenTelemetryOptions,
): () => void {
  const tracer = options.tracerProvider.getTracer(SCOPE_NAME);
  const base = options.attributes;
  return attachListeners(cache, {
    load: (event: CacheEventMap['load']) =>
      recordSpan(tracer, SPAN_NAMES.load, event.durationMilliseconds, {
        ...base,
        [namespace]: event.namespace,
        [result]: 'miss',
        [batchSize]: event.keys.length,
      }),
    // The payload has no duration: the span marks when the failure was reported.
    'load-error': (event: CacheEventMap['load-error']) =>
      recordSpan(
        tracer,
        SPAN_NAMES.load,
        0,
        {
          ...base,
          [namespace]: event.namespace,
          [result]: 'miss',
          [batchSize]: event.keys.length,
        },
        event.error,
      ),
    'l2-read': (event: CacheEventMap['l2-read']) =>
      recordSpan(
        tracer,
        SPAN_NAMES.l2Read,
        event.durationMilliseconds,
        {
          ...base,
          [namespace]: event.namespace,
          [layer]: 'l2',
          [result]: event.found === event.keys ? 'hit' : event.found === 0 ? 'miss' : 'partial',
          [batchSize]: event.keys,
          [hits]: event.found,
        },
        event.error,
      ),
  });
}

function recordSpan(
  tracer: Tracer,
  name: string,
  durationMilliseconds: number,
  attributes: Attributes,
  error?: unknown,
): void {
  const end = performance.timeOrigin + performance.now();
  const span = tracer.startSpan(name, {
    kind: SpanKind.INTERNAL,
    startTime: end - durationMilliseconds,
    attributes,
  });
  if (error !== undefined) {
    span.setAttribute(ATTRIBUTE_NAMES.errorType, errorType(error));
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  span.end(end);
}

import type { BatchObservableCallback, Counter, Meter, ObservableResult } from '@opentelemetry/api';
import {
  attachListeners,
  CACHE_EVENT_NAMES,
  type CacheEventMap,
  type CacheLayer,
  errorType,
} from '@pc/core';
import { AttributeSets } from './attribute-sets.js';
import { BREAKER_STATES, type BreakerState } from './breaker-state.js';
import type { ObservedCache } from './observed-cache.js';
import type { ResolvedOpenTelemetryOptions } from './opentelemetry-options.js';
import { ATTRIBUTE_NAMES, METRIC_NAMES, SCOPE_NAME } from './semantic-names.js';

const { namespace, layer, operation, errorType: errorTypeName } = ATTRIBUTE_NAMES;
const NAMESPACE = [namespace];
const NAMESPACE_LAYER = [namespace, layer];
const NAMESPACE_ERROR = [namespace, errorTypeName];
const OPERATION_ERROR = [operation, errorTypeName];
const LAYERS: readonly CacheLayer[] = ['l1', 'l2'];

/**
 * Creates the instruments on the meter provider and feeds them from the cache.
 * Hits and misses are read from `cache.stats()` when a reader collects (the
 * cache counts them anyway), so an L1 hit costs nothing more with metrics on;
 * everything else comes from events that fire off the hit path.
 * @returns stops recording (the instruments stay registered, as OpenTelemetry has no way to remove them).
 */
export function attachMetrics(
  cache: ObservedCache,
  options: ResolvedOpenTelemetryOptions,
): () => void {
  const meter = options.meterProvider.getMeter(SCOPE_NAME);
  const sets = new AttributeSets(options.attributes);
  const durationAdvice = { explicitBucketBoundaries: options.durationBoundariesSeconds };

  const hits = meter.createObservableCounter(METRIC_NAMES.hits, {
    description: 'Reads served, by layer (l1: in-process, l2: shared adapter)',
    unit: '{read}',
  });
  const misses = meter.createObservableCounter(METRIC_NAMES.misses, {
    description: 'Reads a layer held no valid value for, by layer',
    unit: '{read}',
  });
  const observeReads: BatchObservableCallback = (result) => {
    for (const [name, stats] of Object.entries(cache.stats().namespaces)) {
      for (const which of LAYERS) {
        const attributes = sets.get(NAMESPACE_LAYER, [name, which]);
        result.observe(hits, stats[which].hits, attributes);
        result.observe(misses, stats[which].misses, attributes);
      }
    }
  };
  meter.addBatchObservableCallback(observeReads, [hits, misses]);

  const loadDuration = meter.createHistogram(METRIC_NAMES.loadDuration, {
    description: 'Wall time of loader calls that resolved',
    unit: 's',
    advice: durationAdvice,
  });
  const loadKeys = meter.createCounter(METRIC_NAMES.loadKeys, {
    description: 'Keys asked of loaders (a batched loader call counts each key)',
    unit: '{key}',
  });
  const l2ReadDuration = meter.createHistogram(METRIC_NAMES.l2ReadDuration, {
    description: 'Wall time of L2 round trips of getOrLoad / getManyOrLoad (with decoding)',
    unit: 's',
    advice: durationAdvice,
  });
  const errors = meter.createCounter(METRIC_NAMES.errors, {
    description: 'Failed loader calls, backend (L2 and bus) failures and queued invalidations',
    unit: '{error}',
  });
  const corruptEntries = meter.createCounter(METRIC_NAMES.corruptEntries, {
    description: 'L2 entries that could not be decoded and read as a miss',
    unit: '{entry}',
  });
  const invalidations = meter.createCounter(METRIC_NAMES.invalidations, {
    description: 'Invalidations applied (or recorded inside a transaction)',
    unit: '{invalidation}',
  });
  const staleServed = meter.createCounter(METRIC_NAMES.staleServed, {
    description: 'Keys served from L1 past their TTL because their load failed',
    unit: '{key}',
  });

  const countError = (what: string, error: unknown) =>
    errors.add(1, sets.get(OPERATION_ERROR, [what, errorType(error)]));
  const unsubscribe = attachListeners(cache, {
    load: (event: CacheEventMap['load']) => {
      const attributes = sets.get(NAMESPACE, [event.namespace]);
      loadDuration.record(event.durationMilliseconds / 1000, attributes);
      loadKeys.add(event.keys.length, attributes);
    },
    'load-error': (event: CacheEventMap['load-error']) => {
      loadKeys.add(event.keys.length, sets.get(NAMESPACE, [event.namespace]));
      countError('load', event.error);
    },
    'l2-read': (event: CacheEventMap['l2-read']) => {
      const attributes =
        event.error === undefined
          ? sets.get(NAMESPACE, [event.namespace])
          : sets.get(NAMESPACE_ERROR, [event.namespace, errorType(event.error)]);
      l2ReadDuration.record(event.durationMilliseconds / 1000, attributes);
    },
    'backend-error': (event: CacheEventMap['backend-error']) =>
      countError(event.operation, event.error),
    'invalidation-queued': (event: CacheEventMap['invalidation-queued']) =>
      countError('invalidate', event.error),
    corrupt: (event: CacheEventMap['corrupt']) =>
      corruptEntries.add(1, sets.get(NAMESPACE, [event.namespace])),
    invalidate: (event: CacheEventMap['invalidate']) =>
      invalidations.add(1, sets.get([ATTRIBUTE_NAMES.deferred], [event.deferred])),
    stale: (event: CacheEventMap['stale']) =>
      staleServed.add(event.keys.length, sets.get(NAMESPACE, [event.namespace])),
    ...graceListeners(meter, sets),
  });
  const detachBreaker = attachBreakerGauge(meter, sets, cache);
  return () => {
    unsubscribe();
    detachBreaker();
    meter.removeBatchObservableCallback(observeReads, [hits, misses]);
  };
}

/** `pc.cache.grace.served`, once the installed core emits `grace`. */
function graceListeners(meter: Meter, sets: AttributeSets) {
  if (!CACHE_EVENT_NAMES.includes('grace' as never)) return {};
  const graceServed: Counter = meter.createCounter(METRIC_NAMES.graceServed, {
    description: 'Keys served from their L2 grace window past their TTL, by reason',
    unit: '{key}',
  });
  const names = [namespace, ATTRIBUTE_NAMES.graceReason];
  return {
    grace: (event: { keys: readonly string[]; namespace: string; reason: string }) =>
      graceServed.add(event.keys.length, sets.get(names, [event.namespace, event.reason])),
  };
}

/** `pc.cache.breaker.state` (1 for the current state, 0 for the others), once core emits `breaker`. */
function attachBreakerGauge(meter: Meter, sets: AttributeSets, cache: ObservedCache): () => void {
  if (!CACHE_EVENT_NAMES.includes('breaker' as never)) return () => {};
  let current: BreakerState = 'closed';
  const gauge = meter.createObservableGauge(METRIC_NAMES.breakerState, {
    description: 'State of the L2 circuit breaker: 1 for the current state, 0 for the others',
    unit: '1',
  });
  const observe = (result: ObservableResult) => {
    for (const state of BREAKER_STATES) {
      result.observe(state === current ? 1 : 0, sets.get([ATTRIBUTE_NAMES.breakerState], [state]));
    }
  };
  gauge.addCallback(observe);
  const unsubscribe = attachListeners(cache, {
    breaker: (event: { state: BreakerState }) => {
      current = event.state;
    },
  });
  return () => {
    unsubscribe();
    gauge.removeCallback(observe);
  };
}

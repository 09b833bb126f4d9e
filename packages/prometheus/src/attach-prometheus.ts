import {
  attachListeners,
  CACHE_EVENT_NAMES,
  type CacheEventMap,
  type CacheLayer,
  errorType,
  InvalidOptionsError,
} from '@pc/core';
import { Counter, Gauge, Histogram, type LabelValues } from 'prom-client';
import { BREAKER_STATES, type BreakerState } from './breaker-state.js';
import { LABEL_NAMES, METRIC_NAMES } from './metric-names.js';
import type { ObservedCache } from './observed-cache.js';
import { type PrometheusOptions, resolvePrometheusOptions } from './prometheus-options.js';

const {
  namespace,
  layer,
  operation,
  errorType: errorTypeLabel,
  deferred,
  reason,
  state,
} = LABEL_NAMES;
const LAYERS: readonly CacheLayer[] = ['l1', 'l2'];

/**
 * Registers a cache's metrics as prom-client collectors on `options.registry`.
 * Hits and misses are read from `cache.stats()` when the registry is scraped
 * (the cache counts them anyway), so an L1 hit costs nothing more; everything
 * else comes from events that fire off the hit path. Works on the root cache or
 * any namespace of it: both report every namespace.
 * @returns detaches: removes the listeners and unregisters the metrics. Idempotent.
 * @throws InvalidOptionsError for a bad option, or when the registry already has
 *   one of these metric names (another cache attached with the same prefix).
 */
export function attachPrometheus(cache: ObservedCache, options: PrometheusOptions): () => void {
  const resolved = resolvePrometheusOptions(options, Object.values(LABEL_NAMES));
  const { registry, prefix, labels } = resolved;
  const fixed = Object.keys(labels);
  const names = Object.values(METRIC_NAMES).map((name) => prefix + name);
  const taken = names.find((name) => registry.getSingleMetric(name) !== undefined);
  if (taken !== undefined) {
    throw new InvalidOptionsError(
      `[pc:prometheus] the registry already has a metric "${taken}": give this cache another "prefix" or detach the other one first`,
    );
  }
  const registers = [registry];
  const withLabels = (values: LabelValues<string>): LabelValues<string> => ({
    ...labels,
    ...values,
  });
  const labelled = (...own: string[]) => [...fixed, ...own];

  const readCounter = (name: string, help: string, field: 'hits' | 'misses') =>
    new Counter({
      name: prefix + name,
      help,
      labelNames: labelled(namespace, layer),
      registers,
      collect(this: Counter<string>) {
        this.reset();
        for (const [path, stats] of Object.entries(cache.stats().namespaces)) {
          for (const which of LAYERS) {
            this.inc(withLabels({ [namespace]: path, [layer]: which }), stats[which][field]);
          }
        }
      },
    });
  readCounter(
    METRIC_NAMES.hits,
    'Reads served, by layer (l1: in-process, l2: shared adapter)',
    'hits',
  );
  readCounter(METRIC_NAMES.misses, 'Reads a layer held no valid value for, by layer', 'misses');

  const buckets = resolved.durationBucketsSeconds;
  const loadDuration = new Histogram({
    name: prefix + METRIC_NAMES.loadDuration,
    help: 'Wall time of loader calls that resolved, in seconds',
    labelNames: labelled(namespace),
    buckets,
    registers,
  });
  const loadKeys = new Counter({
    name: prefix + METRIC_NAMES.loadKeys,
    help: 'Keys asked of loaders (a batched loader call counts each key)',
    labelNames: labelled(namespace),
    registers,
  });
  const l2ReadDuration = new Histogram({
    name: prefix + METRIC_NAMES.l2ReadDuration,
    help: 'Wall time of L2 round trips of getOrLoad / getManyOrLoad (with decoding), in seconds',
    labelNames: labelled(namespace, errorTypeLabel),
    buckets,
    registers,
  });
  const errors = new Counter({
    name: prefix + METRIC_NAMES.errors,
    help: 'Failed loader calls, backend (L2 and bus) failures and queued invalidations',
    labelNames: labelled(operation, errorTypeLabel),
    registers,
  });
  const corruptEntries = new Counter({
    name: prefix + METRIC_NAMES.corruptEntries,
    help: 'L2 entries that could not be decoded and read as a miss',
    labelNames: labelled(namespace),
    registers,
  });
  const invalidations = new Counter({
    name: prefix + METRIC_NAMES.invalidations,
    help: 'Invalidations applied (deferred="true": recorded inside a transaction)',
    labelNames: labelled(deferred),
    registers,
  });
  const staleServed = new Counter({
    name: prefix + METRIC_NAMES.staleServed,
    help: 'Keys served from L1 past their TTL because their load failed',
    labelNames: labelled(namespace),
    registers,
  });

  const countError = (what: string, error: unknown) =>
    errors.inc(withLabels({ [operation]: what, [errorTypeLabel]: errorType(error) }));
  const listeners: Record<string, ((payload: never) => void) | undefined> = {
    load: (event: CacheEventMap['load']) => {
      const values = withLabels({ [namespace]: event.namespace });
      loadDuration.observe(values, event.durationMilliseconds / 1000);
      loadKeys.inc(values, event.keys.length);
    },
    'load-error': (event: CacheEventMap['load-error']) => {
      loadKeys.inc(withLabels({ [namespace]: event.namespace }), event.keys.length);
      countError('load', event.error);
    },
    'l2-read': (event: CacheEventMap['l2-read']) =>
      l2ReadDuration.observe(
        withLabels(
          event.error === undefined
            ? { [namespace]: event.namespace }
            : { [namespace]: event.namespace, [errorTypeLabel]: errorType(event.error) },
        ),
        event.durationMilliseconds / 1000,
      ),
    'backend-error': (event: CacheEventMap['backend-error']) =>
      countError(event.operation, event.error),
    'invalidation-queued': (event: CacheEventMap['invalidation-queued']) =>
      countError('invalidate', event.error),
    corrupt: (event: CacheEventMap['corrupt']) =>
      corruptEntries.inc(withLabels({ [namespace]: event.namespace })),
    invalidate: (event: CacheEventMap['invalidate']) =>
      invalidations.inc(withLabels({ [deferred]: String(event.deferred) })),
    stale: (event: CacheEventMap['stale']) =>
      staleServed.inc(withLabels({ [namespace]: event.namespace }), event.keys.length),
  };

  const emitted: readonly string[] = CACHE_EVENT_NAMES;
  if (emitted.includes('grace')) {
    const graceServed = new Counter({
      name: prefix + METRIC_NAMES.graceServed,
      help: 'Keys served from their L2 grace window past their TTL, by reason',
      labelNames: labelled(namespace, reason),
      registers,
    });
    listeners.grace = (event: { keys: readonly string[]; namespace: string; reason: string }) =>
      graceServed.inc(
        withLabels({ [namespace]: event.namespace, [reason]: event.reason }),
        event.keys.length,
      );
  }
  if (emitted.includes('breaker')) {
    let current: BreakerState = 'closed';
    new Gauge({
      name: prefix + METRIC_NAMES.breakerState,
      help: 'State of the L2 circuit breaker: 1 for the current state, 0 for the others',
      labelNames: labelled(state),
      registers,
      collect(this: Gauge<string>) {
        for (const each of BREAKER_STATES)
          this.set(withLabels({ [state]: each }), each === current ? 1 : 0);
      },
    });
    listeners.breaker = (event: { state: BreakerState }) => {
      current = event.state;
    };
  }

  const unsubscribe = attachListeners(cache, listeners);
  let attached = true;
  return () => {
    if (!attached) return;
    attached = false;
    unsubscribe();
    for (const name of names) registry.removeSingleMetric(name);
  };
}

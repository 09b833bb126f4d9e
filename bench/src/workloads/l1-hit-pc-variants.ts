import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { attachOpenTelemetry, type ObservedCache } from '@pc/opentelemetry';
import { attachPrometheus } from '@pc/prometheus';
import { Registry } from 'prom-client';
import { hotKey } from '../harness/hot-key-variants.js';
import { createPcCache, l1HitRatio, PC_BURST_OPTIONS } from '../harness/pc-cache.js';
import { createSampleValue } from '../harness/sample-value.js';
import type { Variant } from '../harness/workload.js';
import { blackhole, cycle, HOT_KEY_COUNT } from '../harness/workload-helpers.js';

/** A collector attached to the cache for the whole timed phase; returns what tears it down. */
type AttachCollector = (cache: ObservedCache) => {
  /** Collects once, as a scrape would (untimed), and checks the collector saw the reads. */
  check(): Promise<void>;
  close(): Promise<void>;
};

/** Name of the plain pc row of `l1-hit`: the denominator of the collector rows' ratio. */
export const PC_L1_HIT_PLAIN = 'pc getOrLoad (burst L1 + Redis)';

/**
 * pc `getOrLoad` reading 100 hot keys from L1, `batch` reads per iteration; with
 * `attach`, a metrics collector is attached to the cache (issue 16: within 10 %
 * of the row without).
 */
export function l1HitPcVariant(name: string, batch: number, attach?: AttachCollector): Variant {
  return {
    name,
    kind: 'pc',
    async setup(context) {
      const { cache, close } = await createPcCache(context, 'redis', PC_BURST_OPTIONS, [
        'getOrLoad',
      ]);
      const collector = attach?.(cache as unknown as ObservedCache);
      let loads = 0;
      const loaders = Array.from({ length: HOT_KEY_COUNT }, (_, index) => async () => {
        loads += 1;
        return createSampleValue(index);
      });
      const keys = Array.from({ length: HOT_KEY_COUNT }, (_, index) => hotKey(index));
      for (let index = 0; index < HOT_KEY_COUNT; index += 1) {
        await cache.getOrLoad!(keys[index]!, loaders[index]!);
      }
      const primed = loads;
      const next = cycle(HOT_KEY_COUNT);
      return {
        operationsPerIteration: batch,
        async run() {
          for (let read = 0; read < batch; read += 1) {
            const index = next();
            blackhole.value = await cache.getOrLoad!(keys[index]!, loaders[index]!);
          }
          if (loads !== primed) throw new Error('pc: a read called the loader (miss)');
        },
        // The priming reads miss L1; every timed read should hit it.
        counters: () => ({ l1HitRatio: l1HitRatio(cache) }),
        async teardown() {
          await collector?.check();
          await collector?.close();
          await close();
        },
      };
    },
  };
}

/** OpenTelemetry: a real SDK MeterProvider (with a reader) and TracerProvider. */
export const attachOpenTelemetryCollector: AttachCollector = (cache) => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader: MetricReader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const tracerProvider = new BasicTracerProvider();
  const detach = attachOpenTelemetry(cache, { meterProvider, tracerProvider });
  return {
    async check() {
      const { resourceMetrics } = await reader.collect();
      const hits = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((metric) => metric.descriptor.name === 'pc.cache.hits');
      if (hits === undefined) throw new Error('OpenTelemetry: no pc.cache.hits collected');
    },
    async close() {
      detach();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
};

/** Prometheus: prom-client collectors on a fresh registry. */
export const attachPrometheusCollector: AttachCollector = (cache) => {
  const registry = new Registry();
  const detach = attachPrometheus(cache, { registry });
  return {
    async check() {
      if (!(await registry.metrics()).includes('pc_cache_hits_total{namespace="",layer="l1"}')) {
        throw new Error('Prometheus: no L1 hits exposed');
      }
    },
    async close() {
      detach();
    },
  };
};

import { checkOptionNames, durationBucketsOption, InvalidOptionsError } from '@pc/core';
import type { Registry } from 'prom-client';

/** Options of `attachPrometheus`. */
export interface PrometheusOptions {
  /** The prom-client registry the collectors are registered on (e.g. prom-client's `register`). */
  readonly registry: Registry;
  /**
   * Start of every metric name. Each cache attached to one registry needs its
   * own prefix (or its own registry).
   * @default 'pc_cache_'
   */
  readonly prefix?: string | undefined;
  /**
   * Labels with fixed values added to every metric, e.g. `{ cache: 'users' }`.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * Bucket upper bounds of the duration histograms, in seconds, ascending.
   * @default DEFAULT_DURATION_BUCKETS_SECONDS (0.1 ms to 10 s)
   */
  readonly durationBucketsSeconds?: readonly number[] | undefined;
}

export { DEFAULT_DURATION_BUCKETS_SECONDS } from '@pc/core';

/** `PrometheusOptions` with every default applied. */
export interface ResolvedPrometheusOptions {
  readonly registry: Registry;
  readonly prefix: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly durationBucketsSeconds: number[];
}

const OPTION_NAMES = ['registry', 'prefix', 'labels', 'durationBucketsSeconds'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Applies the defaults; `InvalidOptionsError` names the option and the value received.
 * @param reservedLabels label names the metrics use themselves.
 */
export function resolvePrometheusOptions(
  options: PrometheusOptions | undefined,
  reservedLabels: readonly string[],
): ResolvedPrometheusOptions {
  if (options === undefined) {
    throw new InvalidOptionsError('[pc:prometheus] pass options with a "registry"');
  }
  checkOptionNames('prometheus', options, OPTION_NAMES);
  const registry = options.registry as Registry | undefined;
  if (typeof registry?.registerMetric !== 'function') {
    throw new InvalidOptionsError(
      `[pc:prometheus] set "registry" to a prom-client Registry (received ${String(registry)})`,
    );
  }
  const prefix = options.prefix ?? 'pc_cache_';
  if (typeof prefix !== 'string' || !METRIC_NAME.test(`${prefix}x`)) {
    throw new InvalidOptionsError(
      `[pc:prometheus] set "prefix" to letters, digits, "_" and ":", not starting with a digit (received ${JSON.stringify(prefix)})`,
    );
  }
  const labels = options.labels ?? {};
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || reservedLabels.includes(name)) {
      throw new InvalidOptionsError(
        `[pc:prometheus] "labels" has an invalid or reserved label name ${JSON.stringify(name)} (reserved: ${reservedLabels.join(', ')})`,
      );
    }
    if (typeof value !== 'string') {
      throw new InvalidOptionsError(
        `[pc:prometheus] set "labels.${name}" to a string (received ${String(value)})`,
      );
    }
  }
  const durationBucketsSeconds = durationBucketsOption(
    options.durationBucketsSeconds,
    'prometheus',
    'durationBucketsSeconds',
  );
  return { registry, prefix, labels: { ...labels }, durationBucketsSeconds };
}

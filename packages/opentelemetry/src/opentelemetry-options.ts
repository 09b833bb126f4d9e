import {
  type Attributes,
  type MeterProvider,
  metrics,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import {
  checkOptionNames,
  DEFAULT_DURATION_BUCKETS_SECONDS,
  durationBucketsOption,
  InvalidOptionsError,
} from '@pc/core';

/** Options of `attachOpenTelemetry`. */
export interface OpenTelemetryOptions {
  /**
   * Where the instruments are created.
   * @default the global meter provider (`metrics.getMeterProvider()` of `@opentelemetry/api`)
   */
  readonly meterProvider?: MeterProvider | undefined;
  /**
   * Where spans are started.
   * @default the global tracer provider (`trace.getTracerProvider()`)
   */
  readonly tracerProvider?: TracerProvider | undefined;
  /** Record metrics. @default true */
  readonly metrics?: boolean | undefined;
  /** Record spans around loads and L2 reads. @default true */
  readonly traces?: boolean | undefined;
  /**
   * Attributes added to every metric point and span, e.g. `{ 'pc.cache.name': 'users' }`
   * to tell several caches apart on one meter provider.
   * @default {}
   */
  readonly attributes?: Attributes | undefined;
  /**
   * Bucket boundaries of the duration histograms, in seconds, ascending.
   * @default DEFAULT_DURATION_BOUNDARIES_SECONDS (0.1 ms to 10 s)
   */
  readonly durationBoundariesSeconds?: readonly number[] | undefined;
}

/** Histogram boundaries from 100 µs (an L2 read on loopback) to 10 s (a slow loader), in seconds. */
export const DEFAULT_DURATION_BOUNDARIES_SECONDS: readonly number[] =
  DEFAULT_DURATION_BUCKETS_SECONDS;

/** `OpenTelemetryOptions` with every default applied. */
export interface ResolvedOpenTelemetryOptions {
  readonly meterProvider: MeterProvider;
  readonly tracerProvider: TracerProvider;
  readonly metrics: boolean;
  readonly traces: boolean;
  readonly attributes: Attributes;
  readonly durationBoundariesSeconds: number[];
}

const OPTION_NAMES = [
  'meterProvider',
  'tracerProvider',
  'metrics',
  'traces',
  'attributes',
  'durationBoundariesSeconds',
];

/** Applies the defaults; `InvalidOptionsError` names the option and the value received. */
export function resolveOpenTelemetryOptions(
  options: OpenTelemetryOptions = {},
): ResolvedOpenTelemetryOptions {
  checkOptionNames('opentelemetry', options, OPTION_NAMES);
  for (const name of ['metrics', 'traces'] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new InvalidOptionsError(
        `[pc:opentelemetry] set "${name}" to true or false (received ${String(value)})`,
      );
    }
  }
  if (
    options.attributes !== undefined &&
    (typeof options.attributes !== 'object' || options.attributes === null)
  ) {
    throw new InvalidOptionsError(
      `[pc:opentelemetry] set "attributes" to an object of attribute values (received ${String(options.attributes)})`,
    );
  }
  const durationBoundariesSeconds = durationBucketsOption(
    options.durationBoundariesSeconds,
    'opentelemetry',
    'durationBoundariesSeconds',
  );
  return {
    meterProvider: options.meterProvider ?? metrics.getMeterProvider(),
    tracerProvider: options.tracerProvider ?? trace.getTracerProvider(),
    metrics: options.metrics ?? true,
    traces: options.traces ?? true,
    attributes: { ...options.attributes },
    durationBoundariesSeconds,
  };
}

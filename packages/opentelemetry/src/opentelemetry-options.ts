import {
  type Attributes,
  type MeterProvider,
  metrics,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { checkOptionNames, InvalidOptionsError } from '@pc/core';

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

/** Histogram buckets from 100 µs (an L2 read on loopback) to 10 s (a slow loader), in seconds. */
export const DEFAULT_DURATION_BOUNDARIES_SECONDS: readonly number[] = Object.freeze([
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

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
  const boundaries = options.durationBoundariesSeconds ?? DEFAULT_DURATION_BOUNDARIES_SECONDS;
  if (!isAscending(boundaries)) {
    throw new InvalidOptionsError(
      `[pc:opentelemetry] set "durationBoundariesSeconds" to ascending finite numbers of seconds (received ${JSON.stringify(boundaries)})`,
    );
  }
  return {
    meterProvider: options.meterProvider ?? metrics.getMeterProvider(),
    tracerProvider: options.tracerProvider ?? trace.getTracerProvider(),
    metrics: options.metrics ?? true,
    traces: options.traces ?? true,
    attributes: { ...options.attributes },
    durationBoundariesSeconds: [...boundaries],
  };
}

function isAscending(values: unknown): values is readonly number[] {
  return (
    Array.isArray(values) &&
    values.every(
      (value, index) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (index === 0 || value > (values[index - 1] as number)),
    )
  );
}

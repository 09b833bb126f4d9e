import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/**
 * Histogram buckets for pc's durations, from 100 µs (an L2 read on loopback) to
 * 10 s (a slow loader), in seconds: the default of every metrics package.
 */
export const DEFAULT_DURATION_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/**
 * A metrics package's duration-bucket option: `DEFAULT_DURATION_BUCKETS_SECONDS`
 * when not given, a copy otherwise.
 * @throws InvalidOptionsError naming `option` (prefixed `[pc:<source>]`) unless the
 *   buckets are ascending finite numbers.
 */
export function durationBucketsOption(value: unknown, source: string, option: string): number[] {
  const buckets = value ?? DEFAULT_DURATION_BUCKETS_SECONDS;
  if (!isAscending(buckets)) {
    throw new InvalidOptionsError(
      `[pc:${source}] set "${option}" to ascending finite numbers of seconds (received ${JSON.stringify(buckets)})`,
    );
  }
  return [...buckets];
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

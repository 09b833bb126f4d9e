import type { Duration } from '../contracts/duration.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { toMilliseconds } from './to-milliseconds.js';

/**
 * Reads a duration option of the cache (a number of milliseconds or a duration
 * string) and checks its range: finite and positive, or zero too with `zero: true`.
 * @param fallback returned when `value` is `undefined`.
 * @param option the option's name as the caller wrote it (`"burst.ttlMilliseconds"`).
 * @throws InvalidOptionsError naming the option and the value received.
 */
export function durationOption(
  value: Duration | undefined,
  fallback: number,
  option: string,
  zero = false,
): number {
  const milliseconds = toMilliseconds(value, option);
  if (milliseconds === undefined) return fallback;
  if (
    typeof milliseconds !== 'number' ||
    !Number.isFinite(milliseconds) ||
    milliseconds < 0 ||
    (milliseconds === 0 && !zero)
  ) {
    throw new InvalidOptionsError(
      `[pc:cache] set "${option}" to ${zero ? 'zero or ' : ''}a positive, finite number of milliseconds, got ${String(value)}`,
    );
  }
  return milliseconds;
}

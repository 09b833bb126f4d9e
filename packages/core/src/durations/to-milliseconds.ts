import { parse } from '@lukeed/ms';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/** A duration string must end with its unit: `'5'` could mean seconds as well as milliseconds. */
const ENDS_WITH_UNIT = /[a-z]$/i;

/**
 * Reads an option that takes a duration: a string with a unit (`'250ms'`, `'5m'`,
 * `'1.5h'`, `'2d'`; parsed by `@lukeed/ms`; a string without a unit is
 * refused) becomes its number of milliseconds. Anything else is returned as
 * it is, `undefined` included: the caller checks the range it allows (positive,
 * finite, ...), with its own message.
 *
 * @param value what the caller passed.
 * @param option the option's name as the caller wrote it (`"leaseTtlMilliseconds"`,
 *   `"burst.ttlMilliseconds"`), named in the error.
 * @param source the package prefix of the message: `"cache"` gives `[pc:cache]`.
 * @throws InvalidOptionsError naming the option and the value when a string is not
 *   a duration.
 */
export function toMilliseconds<T>(
  value: T,
  option: string,
  source = 'cache',
): Exclude<T, string> | number {
  if (typeof value !== 'string') return value as Exclude<T, string>;
  const milliseconds = ENDS_WITH_UNIT.test(value) ? parse(value) : undefined;
  if (milliseconds === undefined || !Number.isFinite(milliseconds)) {
    throw new InvalidOptionsError(
      `[pc:${source}] set "${option}" to a number of milliseconds or a duration such as '250ms', '5m', '1.5h' or '2d', got ${JSON.stringify(value)}`,
    );
  }
  return milliseconds;
}

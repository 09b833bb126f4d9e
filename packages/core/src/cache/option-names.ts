import { toMilliseconds } from '../durations/to-milliseconds.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { RESILIENCE_OPTION_NAMES } from '../runtime/resilience-policy.js';

/** Option names of each call that takes options. */
export const SET_OPTION_NAMES: ReadonlySet<string> = new Set([
  'ttlMilliseconds',
  'tags',
  'tagVersions',
]);
export const SET_MANY_ITEM_NAMES: ReadonlySet<string> = new Set([
  'key',
  'value',
  ...SET_OPTION_NAMES,
]);
export const LOAD_OPTION_NAMES: ReadonlySet<string> = new Set([
  'ttlMilliseconds',
  'tags',
  'burst',
  ...RESILIENCE_OPTION_NAMES,
]);
export const NAMESPACE_OPTION_NAMES: ReadonlySet<string> = new Set([
  'burst',
  'codecs',
  ...RESILIENCE_OPTION_NAMES,
]);

/**
 * Throws `InvalidOptionsError` unless `options` is an object whose every name is
 * in `known`; the message lists the known names.
 */
export function checkNames(options: unknown, known: ReadonlySet<string>, what: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError(`[pc:cache] ${what} options must be an object`);
  }
  for (const name of Object.keys(options)) {
    if (!known.has(name)) {
      throw new InvalidOptionsError(
        `[pc:cache] unknown ${what} option "${name}"; known: ${[...known].join(', ')}`,
      );
    }
  }
}

/**
 * The `ttlMilliseconds` of a call in milliseconds (a duration string converted).
 * @throws InvalidOptionsError unless it is `undefined`, a number (not NaN) or a duration string.
 */
export function ttlOf(ttl: unknown): number | undefined {
  const milliseconds = toMilliseconds(ttl, 'ttlMilliseconds');
  if (
    milliseconds !== undefined &&
    (typeof milliseconds !== 'number' || Number.isNaN(milliseconds))
  ) {
    throw new InvalidOptionsError(
      `[pc:cache] set "ttlMilliseconds" to a number of milliseconds, got ${String(ttl)}`,
    );
  }
  return milliseconds;
}

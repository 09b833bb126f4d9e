import type { Duration } from '../contracts/duration.js';
import { durationOption } from '../durations/duration-option.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/**
 * The circuit breaker of the shared adapter (L2): after repeated failures, L2 is
 * skipped for a while instead of waiting for each call to fail.
 */
export interface CircuitBreakerOptions {
  /**
   * How many L2 failures in a row (no successful call between them, all within
   * `failureWindowMilliseconds`) open the circuit. Failures are outages and
   * timeouts (`BackendUnavailableError`, `TimeoutError`, or an error that is not a
   * pc error), not refused input such as `ValueTooLargeError`.
   * @default 5
   */
  readonly failureThreshold?: number | undefined;
  /**
   * Only failures this recent count toward `failureThreshold`, in milliseconds or
   * as a duration string (`'10s'`).
   * @default 10_000
   */
  readonly failureWindowMilliseconds?: Duration | undefined;
  /**
   * How long the circuit stays open (L2 reads and read-through's writes skipped)
   * before one call is let through as a probe, in milliseconds or as a duration
   * string (`'5s'`). The probe's success closes the circuit; its failure opens it
   * again for this long.
   * @default 5_000
   */
  readonly openMilliseconds?: Duration | undefined;
}

/** `CircuitBreakerOptions` with every member set, in milliseconds. */
export interface ResolvedCircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly failureWindowMilliseconds: number;
  readonly openMilliseconds: number;
}

/** Defaults of `CircuitBreakerOptions`, in one place. */
export const CIRCUIT_BREAKER_DEFAULTS = {
  failureThreshold: 5,
  failureWindowMilliseconds: 10_000,
  openMilliseconds: 5_000,
} as const satisfies ResolvedCircuitBreakerOptions;

const KNOWN = Object.keys(CIRCUIT_BREAKER_DEFAULTS);

/**
 * Validates the `circuitBreaker` option of `createCache`: `true` or an object
 * turns the breaker on (with defaults for what is left out); `false` or
 * `undefined` leaves it off.
 * @returns the resolved options, or `undefined` when the breaker is off.
 * @throws InvalidOptionsError naming the member and the value received.
 */
export function resolveCircuitBreakerOptions(
  options: CircuitBreakerOptions | boolean | undefined,
): ResolvedCircuitBreakerOptions | undefined {
  if (options === undefined || options === false) return undefined;
  if (options === true) return CIRCUIT_BREAKER_DEFAULTS;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError(
      `[pc:cache] set "circuitBreaker" to true, false or { ${KNOWN.join(', ')} }, got ${String(options)}`,
    );
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.includes(name)) {
      throw new InvalidOptionsError(
        `[pc:cache] unknown option "circuitBreaker.${name}"; known: ${KNOWN.join(', ')}`,
      );
    }
  }
  const threshold = options.failureThreshold ?? CIRCUIT_BREAKER_DEFAULTS.failureThreshold;
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw new InvalidOptionsError(
      `[pc:cache] set "circuitBreaker.failureThreshold" to a positive integer, got ${String(threshold)}`,
    );
  }
  return {
    failureThreshold: threshold,
    failureWindowMilliseconds: durationOption(
      options.failureWindowMilliseconds,
      CIRCUIT_BREAKER_DEFAULTS.failureWindowMilliseconds,
      'circuitBreaker.failureWindowMilliseconds',
    ),
    openMilliseconds: durationOption(
      options.openMilliseconds,
      CIRCUIT_BREAKER_DEFAULTS.openMilliseconds,
      'circuitBreaker.openMilliseconds',
    ),
  };
}

import type { Duration } from '../contracts/duration.js';
import type { ResilienceOptions } from '../contracts/resilience-options.js';
import { durationOption } from '../durations/duration-option.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/** `ResilienceOptions` validated, one level merged over the one above. */
export interface ResiliencePolicy {
  /** `0`: no grace window. */
  readonly graceMilliseconds: number;
  readonly graceBackoffMilliseconds: number;
  readonly softTimeoutMilliseconds: number | undefined;
  readonly hardTimeoutMilliseconds: number | undefined;
  readonly refreshThreshold: number | undefined;
  readonly refreshBeta: number | undefined;
}

/** The option names of `ResilienceOptions`, for the callers' name checks. */
export const RESILIENCE_OPTION_NAMES: readonly string[] = [
  'graceMilliseconds',
  'graceBackoffMilliseconds',
  'softTimeoutMilliseconds',
  'hardTimeoutMilliseconds',
  'earlyRefresh',
];

/** The policy of a cache that sets none of the options. */
export const DEFAULT_RESILIENCE: ResiliencePolicy = {
  graceMilliseconds: 0,
  graceBackoffMilliseconds: 10_000,
  softTimeoutMilliseconds: undefined,
  hardTimeoutMilliseconds: undefined,
  refreshThreshold: undefined,
  refreshBeta: undefined,
};

/**
 * Validates the resilience options among `options` and merges them over `base`.
 * Returns `base` itself when `options` sets none of them (no allocation per call).
 * @param where names the call or level in error messages (`getOrLoad`, `createCache`).
 * @throws InvalidOptionsError naming the option and the value received.
 */
export function resolveResilience(
  options: ResilienceOptions,
  base: ResiliencePolicy,
  where: string,
): ResiliencePolicy {
  const {
    graceMilliseconds,
    graceBackoffMilliseconds,
    softTimeoutMilliseconds,
    hardTimeoutMilliseconds,
    earlyRefresh,
  } = options;
  if (
    graceMilliseconds === undefined &&
    graceBackoffMilliseconds === undefined &&
    softTimeoutMilliseconds === undefined &&
    hardTimeoutMilliseconds === undefined &&
    earlyRefresh === undefined
  ) {
    return base;
  }
  let { refreshThreshold, refreshBeta } = base;
  if (earlyRefresh === false) {
    refreshThreshold = undefined;
    refreshBeta = undefined;
  } else if (earlyRefresh !== undefined) {
    if (typeof earlyRefresh !== 'object' || earlyRefresh === null) {
      fail(where, 'earlyRefresh', earlyRefresh, 'an object { threshold?, beta? } or false');
    }
    const { threshold, beta } = earlyRefresh;
    if (threshold === undefined && beta === undefined) {
      fail(where, 'earlyRefresh', earlyRefresh, 'an object with "threshold" and/or "beta"');
    }
    if (
      threshold !== undefined &&
      !(typeof threshold === 'number' && threshold > 0 && threshold < 1)
    ) {
      fail(where, 'earlyRefresh.threshold', threshold, 'a fraction of the TTL between 0 and 1');
    }
    if (beta !== undefined && !(typeof beta === 'number' && beta > 0 && Number.isFinite(beta))) {
      fail(where, 'earlyRefresh.beta', beta, 'a positive number');
    }
    refreshThreshold = threshold;
    refreshBeta = beta;
  }
  const policy: ResiliencePolicy = {
    graceMilliseconds:
      graceMilliseconds === false
        ? 0
        : (milliseconds(graceMilliseconds, 'graceMilliseconds') ?? base.graceMilliseconds),
    graceBackoffMilliseconds:
      milliseconds(graceBackoffMilliseconds, 'graceBackoffMilliseconds') ??
      base.graceBackoffMilliseconds,
    softTimeoutMilliseconds:
      milliseconds(softTimeoutMilliseconds, 'softTimeoutMilliseconds') ??
      base.softTimeoutMilliseconds,
    hardTimeoutMilliseconds:
      milliseconds(hardTimeoutMilliseconds, 'hardTimeoutMilliseconds') ??
      base.hardTimeoutMilliseconds,
    refreshThreshold,
    refreshBeta,
  };
  if (
    policy.softTimeoutMilliseconds !== undefined &&
    policy.hardTimeoutMilliseconds !== undefined &&
    policy.hardTimeoutMilliseconds < policy.softTimeoutMilliseconds
  ) {
    throw new InvalidOptionsError(
      `[pc:cache] ${where}: "hardTimeoutMilliseconds" (${policy.hardTimeoutMilliseconds}) is shorter than "softTimeoutMilliseconds" (${policy.softTimeoutMilliseconds}); the soft timeout would never apply`,
    );
  }
  return policy;
}

/** A duration option (zero allowed), or `undefined` when not set. */
function milliseconds(given: Duration | undefined, name: string): number | undefined {
  return given === undefined ? undefined : durationOption(given, 0, name, true);
}

function fail(where: string, name: string, value: unknown, expected: string): never {
  throw new InvalidOptionsError(
    `[pc:cache] ${where}: set "${name}" to ${expected}, got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * `true` when a read at `now` of a fresh entry stored with `meta` should refresh
 * it in the background (threshold or XFetch, whichever is set and triggers).
 */
export function refreshDue(
  policy: ResiliencePolicy,
  meta: {
    readonly freshUntil: number;
    readonly ttlMilliseconds: number;
    readonly loadMilliseconds: number;
  },
  now: number,
  random: () => number = Math.random,
): boolean {
  const { refreshThreshold, refreshBeta } = policy;
  if (
    refreshThreshold !== undefined &&
    now >= meta.freshUntil - refreshThreshold * meta.ttlMilliseconds
  ) {
    return true;
  }
  if (refreshBeta !== undefined) {
    // -ln(u) for u in (0, 1]: exponentially distributed, mean 1.
    const draw = -Math.log(1 - random());
    return now + Math.max(1, meta.loadMilliseconds) * refreshBeta * draw >= meta.freshUntil;
  }
  return false;
}

/** `true` when entries of this policy carry freshness metadata (format 3). */
export function needsMeta(policy: ResiliencePolicy): boolean {
  return (
    policy.graceMilliseconds > 0 ||
    policy.refreshThreshold !== undefined ||
    policy.refreshBeta !== undefined
  );
}

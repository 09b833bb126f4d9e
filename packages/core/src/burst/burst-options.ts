import type { BurstPolicy } from '../contracts/burst-policy.js';
import { durationOption } from '../durations/duration-option.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/** Defaults of the burst layer (L1) of a cache. */
export const BURST_DEFAULTS = {
  /** How long an entry stays in L1, in milliseconds. */
  ttlMilliseconds: 1000,
  /** Most entries L1 holds per root cache. */
  maxItems: 10_000,
  /** Most bytes L1 holds per root cache (64 MiB), measured on serialized values. */
  maxBytes: 64 * 1024 * 1024,
} as const satisfies ResolvedBurstPolicy;

/** A burst policy with every field set. */
export interface ResolvedBurstPolicy {
  readonly ttlMilliseconds: number;
  readonly maxItems: number;
  readonly maxBytes: number;
}

const KNOWN = new Set(['ttlMilliseconds', 'maxItems', 'maxBytes']);

/**
 * Validates a burst policy (cache level, namespace level or per call) eagerly.
 * `where` names the option in messages, e.g. `"burst"`.
 * @returns the policy with defaults from `base`, or `false` when L1 is off.
 */
export function resolveBurstPolicy(
  policy: BurstPolicy | false | undefined,
  base: ResolvedBurstPolicy,
  where: string,
): ResolvedBurstPolicy | false {
  if (policy === undefined) return base;
  if (policy === false) return false;
  if (typeof policy !== 'object' || policy === null) {
    throw new InvalidOptionsError(
      `[pc:cache] set "${where}" to { ttlMilliseconds?, maxItems?, maxBytes? } or false, got ${String(policy)}`,
    );
  }
  for (const name of Object.keys(policy)) {
    if (!KNOWN.has(name)) {
      throw new InvalidOptionsError(
        `[pc:cache] unknown option "${where}.${name}"; known: ${[...KNOWN].join(', ')}`,
      );
    }
  }
  return {
    ttlMilliseconds: durationOption(
      policy.ttlMilliseconds,
      base.ttlMilliseconds,
      `${where}.ttlMilliseconds`,
    ),
    maxItems: positiveInteger(policy.maxItems, base.maxItems, `${where}.maxItems`),
    maxBytes: positiveInteger(policy.maxBytes, base.maxBytes, `${where}.maxBytes`),
  };
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidOptionsError(
      `[pc:cache] set "${name}" to a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Per-process burst layer (L1) settings. The burst layer trades a bounded
 * staleness window across processes (its TTL, unless a bus ends it sooner) for
 * skipping the shared adapter on hot keys.
 */
export interface BurstPolicy {
  /** How long an entry stays in L1, in milliseconds. Keep it short (e.g. 250-3000). */
  readonly ttlMilliseconds: number;
  /** Most entries L1 holds; least recently used go first. */
  readonly maxItems?: number;
  /** Most bytes L1 holds, measured on serialized payloads. */
  readonly maxBytes?: number;
}

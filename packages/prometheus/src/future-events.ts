/**
 * Payloads of events that newer releases of `@pc/core` emit (issue 15: grace
 * and the L2 circuit breaker). Listeners for them are only added when the
 * installed core lists the event in `CACHE_EVENT_NAMES`.
 */

/** `grace`: values past their TTL were served from their L2 grace window. */
export interface GraceEvent {
  readonly keys: readonly string[];
  readonly namespace: string;
  readonly reason: string;
}

/** The states of the L2 circuit breaker. */
export const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;

/** One state of the L2 circuit breaker. */
export type BreakerState = (typeof BREAKER_STATES)[number];

/** `breaker`: the L2 circuit breaker changed state. */
export interface BreakerEvent {
  readonly state: BreakerState;
}

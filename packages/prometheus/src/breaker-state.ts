/** States of the L2 circuit breaker, as newer cores report them in the `breaker` event. */
export const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;

/** One state of the L2 circuit breaker. */
export type BreakerState = (typeof BREAKER_STATES)[number];

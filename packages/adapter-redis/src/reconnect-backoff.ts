/**
 * Reconnect delay for attempt `n` (1-based): `50 * 2^(n - 1)` ms capped at `max`,
 * plus up to 100 ms of jitter so many processes do not reconnect in lockstep.
 */
export function reconnectBackoff(max: number): (attempt: number) => number {
  return (attempt) =>
    Math.min(50 * 2 ** Math.min(Math.max(attempt, 1) - 1, 20), max) +
    Math.floor(Math.random() * 100);
}

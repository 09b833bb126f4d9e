import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { PcError } from '../errors/pc-error.js';
import type { EventHub } from '../events/event-hub.js';
import type { ResolvedCircuitBreakerOptions } from './circuit-breaker-options.js';

/** Where a circuit breaker stands. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * The state machine of the L2 circuit breaker:
 * - **closed**: every call goes through; `failureThreshold` outage failures in a
 *   row within `failureWindowMilliseconds` open it.
 * - **open**: skippable calls (`guard`) reject at once with `CircuitOpenError`;
 *   after `openMilliseconds` the next skippable call becomes the probe.
 * - **half-open**: one probe at a time goes through (other skippable calls are
 *   still skipped); its success closes the circuit, its outage failure opens it again.
 *
 * Calls that are never skipped (`pass`: plain writes, deletes, invalidations)
 * still count: a success closes the circuit in any state (L2 answered), an outage
 * failure counts while closed and reopens a half-open circuit. Only outcomes of
 * calls started in the current state count, so a slow call sent before a change
 * cannot undo it. Time is `Date.now()` (fake timers move it).
 */
export class CircuitBreaker {
  readonly #options: ResolvedCircuitBreakerOptions;
  readonly #adapterName: string;
  readonly #events: EventHub;
  #state: CircuitState = 'closed';
  /** Incremented on every change of state. */
  #period = 0;
  /** Times of the outage failures in a row, while closed. */
  #failures: number[] = [];
  /** While open: when the next skippable call may probe. */
  #probeAt = 0;
  #probing = false;
  #lastError: unknown;

  constructor(options: ResolvedCircuitBreakerOptions, adapterName: string, events: EventHub) {
    this.#options = options;
    this.#adapterName = adapterName;
    this.#events = events;
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** Runs a call that the open circuit skips (rejecting with `CircuitOpenError`). */
  guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.#state === 'closed') return this.#track(call, false);
    if (this.#state === 'open') {
      if (Date.now() < this.#probeAt) return Promise.reject(this.#skipped());
      this.#enter('half-open');
    }
    if (this.#probing) return Promise.reject(this.#skipped());
    this.#probing = true;
    return this.#track(call, true);
  }

  /** Runs a call that is never skipped; its outcome counts all the same. */
  pass<T>(call: () => Promise<T>): Promise<T> {
    return this.#track(call, false);
  }

  #track<T>(call: () => Promise<T>, probe: boolean): Promise<T> {
    const period = this.#period;
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (value) => {
        this.#succeeded(period);
        return value;
      },
      (error: unknown) => {
        this.#failed(error, period, probe);
        throw error;
      },
    );
  }

  #succeeded(period: number): void {
    if (period !== this.#period) return;
    if (this.#state === 'closed') {
      if (this.#failures.length > 0) this.#failures = [];
      return;
    }
    this.#enter('closed');
  }

  #failed(error: unknown, period: number, probe: boolean): void {
    if (period !== this.#period) return;
    if (!isOutage(error)) {
      // Refused input proves nothing about L2: the next call probes instead.
      if (probe) this.#probing = false;
      return;
    }
    this.#lastError = error;
    if (this.#state === 'closed') {
      const now = Date.now();
      const oldest = now - this.#options.failureWindowMilliseconds;
      const failures = this.#failures.filter((time) => time > oldest);
      failures.push(now);
      this.#failures = failures;
      if (failures.length < this.#options.failureThreshold) return;
      this.#open(failures.length);
    } else if (this.#state === 'half-open') {
      this.#open(1);
    }
  }

  #open(failures: number): void {
    this.#enter('open');
    this.#probeAt = Date.now() + this.#options.openMilliseconds;
    const events = this.#events;
    if (events.wanted.breaker) {
      events.emit('breaker', {
        state: 'open',
        adapter: this.#adapterName,
        failures,
        openMilliseconds: this.#options.openMilliseconds,
        error: this.#lastError,
      });
    }
  }

  #enter(state: CircuitState): void {
    this.#state = state;
    this.#period++;
    this.#probing = false;
    this.#failures = [];
    if (state !== 'open' && this.#events.wanted.breaker) {
      this.#events.emit('breaker', { state, adapter: this.#adapterName });
    }
  }

  #skipped(): CircuitOpenError {
    const reason = this.#lastError instanceof Error ? `: ${this.#lastError.message}` : '';
    const wait =
      this.#state === 'open'
        ? `for ${Math.max(0, Math.ceil(this.#probeAt - Date.now()))} ms more ("circuitBreaker.openMilliseconds")`
        : 'while a probe is out';
    return new CircuitOpenError(
      `[pc:cache] the circuit breaker of the ${this.#adapterName} adapter is open: L2 is skipped ${wait}, after repeated failures${reason}`,
      { cause: this.#lastError },
    );
  }
}

/** Failures that say L2 is down or slow: not refused input, not a disposed adapter. */
function isOutage(error: unknown): boolean {
  return BackendUnavailableError.isInstance(error) || !PcError.isInstance(error);
}

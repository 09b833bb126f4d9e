import { BackendUnavailableError } from './backend-unavailable-error.js';

/**
 * The cache's circuit breaker skipped a call to the shared adapter (L2) because
 * L2 failed repeatedly (`circuitBreaker` option). Also a `BackendUnavailableError`:
 * whatever handles an outage handles this, and reads fail open through it.
 */
export class CircuitOpenError extends BackendUnavailableError {
  static override readonly code: string = 'PC_CIRCUIT_OPEN';
}

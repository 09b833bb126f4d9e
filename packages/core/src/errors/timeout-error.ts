import { BackendUnavailableError } from './backend-unavailable-error.js';

/** An operation did not complete within its configured timeout. Also a `BackendUnavailableError`. */
export class TimeoutError extends BackendUnavailableError {
  static override readonly code: string = 'PC_TIMEOUT';
}

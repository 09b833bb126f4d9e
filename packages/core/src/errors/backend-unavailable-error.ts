import { PcError } from './pc-error.js';

/** The backend could not be reached or failed the operation (connection refused, reset, server error). */
export class BackendUnavailableError extends PcError {
  static override readonly code: string = 'PC_BACKEND_UNAVAILABLE';
}

import { PcError } from './pc-error.js';

/** An options object has a missing, unknown or out-of-range member; the message names it. */
export class InvalidOptionsError extends PcError {
  static override readonly code: string = 'PC_INVALID_OPTIONS';
}

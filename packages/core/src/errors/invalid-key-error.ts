import { PcError } from './pc-error.js';

/** A key is empty, not a string, or otherwise unusable. Thrown before anything is written. */
export class InvalidKeyError extends PcError {
  static override readonly code: string = 'PC_INVALID_KEY';
}

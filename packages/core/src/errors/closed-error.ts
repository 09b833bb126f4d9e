import { PcError } from './pc-error.js';

/** An operation was called after `dispose()`. */
export class ClosedError extends PcError {
  static override readonly code: string = 'PC_CLOSED';
}

import { PcError } from './pc-error.js';

/** An operation needs a capability the adapter does not declare (e.g. `prune`). */
export class UnsupportedCapabilityError extends PcError {
  static override readonly code: string = 'PC_UNSUPPORTED_CAPABILITY';
}

import { PcError } from './pc-error.js';

/** An invalidation could not be applied. The cache may still hold the old values; retry or alert. */
export class InvalidationError extends PcError {
  static override readonly code: string = 'PC_INVALIDATION_FAILED';
}

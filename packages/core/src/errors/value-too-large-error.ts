import { PcError } from './pc-error.js';

/** A serialized value exceeds the adapter's `maxValueBytes`. Nothing was written. */
export class ValueTooLargeError extends PcError {
  static override readonly code: string = 'PC_VALUE_TOO_LARGE';
}

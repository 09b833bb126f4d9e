import { PcError } from './pc-error.js';

/** A value cannot be encoded (function, symbol, cycle, ...) or a payload cannot be decoded. */
export class SerializationError extends PcError {
  static override readonly code: string = 'PC_SERIALIZATION';
}

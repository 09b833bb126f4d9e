import {
  BackendUnavailableError,
  InvalidationError,
  InvalidKeyError,
  InvalidOptionsError,
  UnsupportedCapabilityError,
} from '@pc/core';
import { ConfirmationRequiredError } from './confirmation-required-error.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** The exit code a failure maps to (by the error's stable `code`, so any copy of core counts). */
export function exitCodeOf(error: unknown): ExitCode {
  if (InvalidOptionsError.isInstance(error) || InvalidKeyError.isInstance(error)) {
    return EXIT_CODES.USAGE;
  }
  // BackendUnavailableError.isInstance also matches TimeoutError.
  if (BackendUnavailableError.isInstance(error) || InvalidationError.isInstance(error)) {
    return EXIT_CODES.BACKEND_UNAVAILABLE;
  }
  if (UnsupportedCapabilityError.isInstance(error)) return EXIT_CODES.UNSUPPORTED;
  if (ConfirmationRequiredError.isInstance(error)) return EXIT_CODES.NOT_CONFIRMED;
  return EXIT_CODES.INTERNAL;
}

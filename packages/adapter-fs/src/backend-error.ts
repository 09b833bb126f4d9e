import { type PcError, wrapBackendError } from '@pc/core';

/**
 * Wraps a filesystem failure in the typed error adapters throw (the kit's
 * `wrapBackendError`), naming the step and the path, with a hint for the common
 * causes (permissions, a full disk, a read-only file system).
 */
export function backendError(operation: string, path: string, cause: unknown): PcError {
  return wrapBackendError(cause, { adapter: 'fs', operation, address: `"${path}"` });
}

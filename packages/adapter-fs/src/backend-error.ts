import { BackendUnavailableError } from '@pc/core';

/** Wraps a filesystem failure in the typed error adapters throw, naming the operation and path. */
export function backendError(
  operation: string,
  path: string,
  cause: unknown,
): BackendUnavailableError {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? code : String(cause);
  return new BackendUnavailableError(`[pc:fs] could not ${operation} "${path}": ${reason}`, {
    cause,
  });
}

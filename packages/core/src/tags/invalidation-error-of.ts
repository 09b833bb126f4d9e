import { InvalidationError } from '../errors/invalidation-error.js';
import { PcError } from '../errors/pc-error.js';

/**
 * The `InvalidationError` for a failed invalidation of `what`, with the adapter's
 * error as `cause`; an `InvalidationError` passes through as it is.
 */
export function invalidationError(what: string, cause: unknown): InvalidationError {
  if (PcError.isInstance(cause) && InvalidationError.isInstance(cause)) return cause;
  return new InvalidationError(
    `[pc:cache] invalidating ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );
}

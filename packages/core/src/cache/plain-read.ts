import { ClosedError } from '../errors/closed-error.js';
import type { CacheRuntime } from '../runtime/cache-runtime.js';

/**
 * Runs the L2 part of a plain `get` / `getMany` under the cache's `getFailure`
 * policy: with `'miss'`, an L2 failure answers `count` misses and emits
 * `backend-error` (as read-through does before its loader); with `'reject'` it
 * rejects. A disposed adapter always rejects: that is a programming error, not
 * an outage.
 */
export async function plainRead(
  runtime: CacheRuntime,
  count: number,
  read: () => Promise<unknown[]>,
): Promise<unknown[]> {
  if (runtime.getFailure === 'reject') return read();
  try {
    return await read();
  } catch (error) {
    if (ClosedError.isInstance(error)) throw error;
    runtime.backendError('read', error);
    return new Array<undefined>(count).fill(undefined);
  }
}

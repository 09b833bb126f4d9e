import { PcError } from '@pc/core';

/**
 * The harness itself failed (a worker crashed or never reported, a server would
 * not start, the worker bundle is missing): no verdict about the cache.
 */
export class RaceHarnessError extends PcError {
  static override readonly code: string = 'PC_RACE_HARNESS';
}

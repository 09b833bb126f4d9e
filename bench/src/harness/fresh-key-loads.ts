import { oneMillisecondLoad } from './workload-helpers.js';

/** Fresh keys and a counting loader, from `freshKeyLoads`. */
export interface FreshKeyLoads<T> {
  /** A key never handed out before: `<prefix>:1`, `<prefix>:2`, ... */
  nextKey(): string;
  /** The 1 ms loader; counts its calls. */
  load(): Promise<T>;
  /** `{ [counterName]: loader calls per key handed out }` (0 before the first key). */
  counters(): Record<string, number>;
}

/**
 * For the miss workloads: each operation (or burst of callers) reads a key nobody
 * read before, so a library that loads once per key reports exactly 1 loader call
 * per key, and one without single-flight reports more.
 */
export function freshKeyLoads<T>(prefix: string, counterName: string, value: T): FreshKeyLoads<T> {
  let keys = 0;
  let loads = 0;
  return {
    nextKey: () => {
      keys += 1;
      return `${prefix}:${keys}`;
    },
    load: () => {
      loads += 1;
      return oneMillisecondLoad(value);
    },
    counters: () => ({ [counterName]: keys === 0 ? 0 : loads / keys }),
  };
}

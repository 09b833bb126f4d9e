import type { BurstPolicy } from '@pc/core';

/** Options of `locationsStore` and `locationChildrenStore`. */
export interface LocationsStoreOptions {
  /**
   * Time to live of a cached location or children list in the shared adapter,
   * in milliseconds.
   * @default undefined (the Cache's default; none: kept until invalidated)
   */
  readonly ttlMilliseconds?: number;
  /**
   * Burst-layer policy; `false` keeps locations out of per-process memory.
   * @default undefined (the Cache's burst settings)
   */
  readonly burst?: BurstPolicy | false;
}

/** Defaults of `LocationsStoreOptions`. */
export const LOCATIONS_STORE_DEFAULTS = {
  ttlMilliseconds: undefined,
  burst: undefined,
} as const satisfies LocationsStoreOptions;

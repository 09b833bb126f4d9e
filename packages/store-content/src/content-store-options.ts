import type { BurstPolicy } from '@pc/core';

/** Options of `contentStore`. */
export interface ContentStoreOptions {
  /**
   * Time to live of a cached item in the shared adapter, in milliseconds.
   * @default undefined (the Cache's default; none: kept until invalidated)
   */
  readonly ttlMilliseconds?: number;
  /**
   * Burst-layer policy for content items; `false` keeps them out of per-process memory.
   * @default undefined (the Cache's burst settings)
   */
  readonly burst?: BurstPolicy | false;
}

/** Defaults of `ContentStoreOptions`. */
export const CONTENT_STORE_DEFAULTS = {
  ttlMilliseconds: undefined,
  burst: undefined,
} as const satisfies ContentStoreOptions;

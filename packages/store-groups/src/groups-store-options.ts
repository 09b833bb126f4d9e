import type { BurstPolicy } from '@pc/core';

/** Options of `groupsStore`. */
export interface GroupsStoreOptions {
  /**
   * Time to live of a user's cached groups in the shared adapter, in
   * milliseconds. Groups are invalidated on every change, so a TTL only bounds
   * memory (per-user entries: many keys, see the guide on when to cache).
   * @default undefined (the Cache's default; none: kept until invalidated)
   */
  readonly ttlMilliseconds?: number;
  /**
   * Burst-layer policy for users' groups; `false` keeps them out of per-process memory.
   * @default undefined (the Cache's burst settings)
   */
  readonly burst?: BurstPolicy | false;
}

/** Defaults of `GroupsStoreOptions`. */
export const GROUPS_STORE_DEFAULTS = {
  ttlMilliseconds: undefined,
  burst: undefined,
} as const satisfies GroupsStoreOptions;

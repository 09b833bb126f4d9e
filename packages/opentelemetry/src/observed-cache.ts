import type { CacheApi } from '@pc/core';

/** What the integration needs of a cache: a root cache or any namespace of it. */
export type ObservedCache = Pick<CacheApi, 'on' | 'off' | 'stats'>;

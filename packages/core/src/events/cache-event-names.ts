import type { CacheEventName } from './cache-events.js';

// A record, not an array: adding an event to CacheEventMap without listing it here
// fails to compile.
const NAMES: Record<CacheEventName, true> = {
  hit: true,
  miss: true,
  corrupt: true,
  'l2-read': true,
  load: true,
  'load-error': true,
  stale: true,
  grace: true,
  'early-refresh': true,
  invalidate: true,
  'backend-error': true,
  'bus-gap': true,
  'invalidation-queued': true,
  'invalidation-retry': true,
  'invalidation-dropped': true,
  breaker: true,
};

/**
 * The name of every event this version of `@pc/core` emits. Integrations (metrics,
 * tracing) check it to subscribe only to the events the installed core has.
 */
export const CACHE_EVENT_NAMES: readonly CacheEventName[] = Object.freeze(
  Object.keys(NAMES) as CacheEventName[],
);

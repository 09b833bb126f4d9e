import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import type { CachedValue } from '../burst/cached-value.js';
import type { Blocker, CacheRuntime } from './cache-runtime.js';
import type { Flight } from './flight.js';
import type { ReadContext } from './read-plan.js';

/**
 * Counts (and reports) an L1 hit. The one place that does, for the inline hit
 * path of `Cache.getOrLoad` and for the read batches.
 */
export function countL1Hit(runtime: CacheRuntime, context: ReadContext, key: string): void {
  context.counters.l1Hits++;
  if (runtime.events.wanted.hit) {
    runtime.events.emit('hit', { layer: 'l1', key, namespace: context.namespace });
  }
}

/** Counts (and reports) an L1 miss. */
export function countL1Miss(runtime: CacheRuntime, context: ReadContext, key: string): void {
  context.counters.l1Misses++;
  if (runtime.events.wanted.miss) {
    runtime.events.emit('miss', { layer: 'l1', key, namespace: context.namespace });
  }
}

/**
 * L1 lookup of one key of a read batch: a hit unless `blocker` names the key or
 * any tag the value depends on (computed tags included: L1 keeps them).
 */
export function readL1(
  runtime: CacheRuntime,
  context: ReadContext,
  key: string,
  adapterKey: string,
  blocker: Blocker | undefined,
): CachedValue | undefined {
  const entry = runtime.l1!.entry(adapterKey);
  if (entry !== undefined && (blocker === undefined || !blocker.blocksAnyTag(entry.tagKeys))) {
    countL1Hit(runtime, context, key);
    return entry.cached;
  }
  countL1Miss(runtime, context, key);
  return undefined;
}

/**
 * Fills L1 with a flight's value, unless an invalidation touched the flight or
 * one of the value's tags while it ran. The L1 TTL is the policy's, never past
 * the L2 expiry (`expiresAt`) or the L2 TTL (`ttlMilliseconds`).
 */
export function fillL1(
  runtime: CacheRuntime,
  burst: ResolvedBurstPolicy | false,
  flight: Flight,
  cached: CachedValue,
  tagKeys: readonly string[],
  expiresAt: number | undefined,
  ttlMilliseconds?: number | undefined,
): void {
  if (burst === false || runtime.l1 === undefined || !flight.canFill(tagKeys)) return;
  let limit = burst.ttlMilliseconds;
  if (expiresAt !== undefined) limit = Math.min(limit, expiresAt - Date.now());
  if (ttlMilliseconds !== undefined) limit = Math.min(limit, ttlMilliseconds);
  runtime.l1.set(flight.adapterKey, cached, tagKeys, limit);
}

import { CachedValue } from '../burst/cached-value.js';
import { encodeBody } from '../codecs/codec-chain.js';
import { compareAndSet } from '../entries/compare-and-set.js';
import { TAG_EPOCH_KEY } from '../entries/reserved-keys.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKeys } from '../keys/validate-key.js';
import { serializeValue } from '../serialization/serialize-value.js';
import type { PendingFill } from '../tags/tag-strategy.js';
import type { Flight } from './flight.js';
import { fillL1 } from './l1-stage.js';
import type { ReadBatch } from './read-batch.js';
import { type LoadResult, loadedLookup } from './read-plan.js';

/** A flight that holds a lease: the payload its slot holds until the fill. */
export interface Holder {
  readonly flight: Flight;
  readonly lease: string;
}

interface Loaded {
  readonly flight: Flight;
  readonly cached: CachedValue;
  readonly tagKeys: readonly string[];
  readonly fill: PendingFill | undefined;
}

/**
 * One loader call for the holders and the uncached flights (in input order), then
 * the fills: each holder's value replaces its lease with one conditional write
 * for all of them, so a lease that an invalidation, an eviction or a restart took
 * away in the meantime stores nothing. L1 gets a holder's value only once its
 * fill succeeded (the lease was still there: nobody invalidated the key).
 * Holders that store nothing give their lease back.
 */
export async function loadAndFill(
  batch: ReadBatch,
  holders: readonly Holder[],
  uncached: Flight[],
): Promise<void> {
  const { runtime, context, plan } = batch;
  const { counters } = context;
  const events = runtime.events;
  const leaseOf = new Map(holders.map((holder) => [holder.flight, holder.lease]));
  const flights = batch.inOrder([...holders.map((holder) => holder.flight), ...uncached]);
  const keys = flights.map((flight) => flight.key);
  counters.loadCalls++;
  counters.loadKeys += keys.length;
  const loadStartedAt = Date.now();
  const started = performance.now();
  let loaded: LoadResult;
  try {
    loaded = await batch.load(keys);
  } catch (error) {
    counters.loadErrors++;
    if (events.wanted['load-error']) {
      events.emit('load-error', { keys, namespace: context.namespace, error });
    }
    void releaseLeases(batch, holders);
    const stale = batch.blocker === undefined ? staleValues(batch, flights) : undefined;
    if (stale === undefined) throw error;
    counters.staleHits += stale.length;
    if (events.wanted.stale) events.emit('stale', { keys, namespace: context.namespace, error });
    flights.forEach((flight, position) => {
      runtime.flights.settle(flight, stale[position]);
    });
    return;
  }
  const duration = performance.now() - started;
  runtime.stats.recordLoad(counters, duration);
  if (events.wanted.load) {
    events.emit('load', { keys, namespace: context.namespace, durationMilliseconds: duration });
  }
  const loadedValue = loadedLookup(loaded, keys);
  const ttl = plan.ttlMilliseconds;
  const expiresAt = ttl === undefined ? undefined : loadStartedAt + ttl;
  const results: Loaded[] = [];
  const unused: Holder[] = [];
  for (const flight of flights) {
    const lease = leaseOf.get(flight);
    const value = loadedValue(flight.key);
    if (value === undefined) {
      if (lease !== undefined) unused.push({ flight, lease });
      runtime.flights.settle(flight, undefined);
      continue;
    }
    const body = serializeValue(value);
    const tagKeys = tagKeysOf(batch, value, flight.key);
    const fillable =
      lease !== undefined && flight.canFill(tagKeys) && !batch.blocks(flight.adapterKey, tagKeys);
    if (lease !== undefined && !fillable) unused.push({ flight, lease });
    const fill = fillable
      ? {
          adapterKey: flight.adapterKey,
          ...encodeBody(context.codecs, body, flight.adapterKey),
          expiresAt,
          tagKeys,
          capturedVersions: batch.versions,
          lease: lease!,
        }
      : undefined;
    results.push({
      flight,
      cached: CachedValue.fromBody(body, batch.burst !== false),
      tagKeys,
      fill,
    });
  }
  const fills = results.filter((result) => result.fill !== undefined);
  let stored: boolean[] = [];
  if (fills.length > 0) {
    if (!batch.dynamic || (await tagsUnchangedSinceRead(batch, fills))) {
      try {
        stored = await runtime.strategy.fill(fills.map((result) => result.fill!));
      } catch (error) {
        runtime.backendError('write', error);
      }
    } else {
      // A tag was invalidated somewhere while loading, maybe one of these values'.
      for (const result of fills) unused.push({ flight: result.flight, lease: result.fill!.lease });
    }
  }
  if (unused.length > 0) void releaseLeases(batch, unused);
  const storedFlights = new Set(
    fills.filter((_, index) => stored[index] === true).map((result) => result.flight),
  );
  // Uncached values go to L1 only when L2 failed (not when blocked or in a transaction).
  const l1ForUncached = batch.blocker === undefined && !batch.inTransaction;
  for (const { flight, cached, tagKeys } of results) {
    if (storedFlights.has(flight) || (l1ForUncached && !leaseOf.has(flight))) {
      fillL1(runtime, batch.burst, flight, cached, tagKeys, undefined, ttl);
    }
    runtime.flights.settle(flight, cached);
  }
}

/** Tag keys of a loaded value: the plan's, or computed from the value. */
function tagKeysOf(batch: ReadBatch, value: unknown, key: string): readonly string[] {
  const { plan } = batch;
  if (plan.tagFunction === undefined) return plan.staticTagKeys;
  const tags = plan.tagFunction(value, key);
  assertValidKeys(tags, 'tag');
  return [...[...new Set(tags)].map((tag) => KeySpace.tagKey(tag)), ...plan.namespaceTagKeys];
}

/**
 * For values whose tags are computed from them: reads those tags' versions now,
 * then (strictly after) the tag epoch. An invalidation writes the epoch before
 * the versions, so seeing a new version implies seeing a new epoch: when the
 * epoch is unchanged since before the load, no tag was invalidated in between
 * and the versions read now are as of before the load.
 * @returns `false` when the values must not be stored.
 */
async function tagsUnchangedSinceRead(
  batch: ReadBatch,
  fills: readonly Loaded[],
): Promise<boolean> {
  const { runtime, versions, epoch } = batch;
  if (epoch === undefined) return false;
  const needed = new Set<string>();
  for (const { tagKeys } of fills) {
    for (const tagKey of tagKeys) if (!versions.has(tagKey)) needed.add(tagKey);
  }
  try {
    if (needed.size > 0) {
      const current = await runtime.strategy.readVersions([...needed]);
      for (const [tagKey, version] of current) versions.set(tagKey, version);
    }
    const now = await runtime.adapter.get(TAG_EPOCH_KEY);
    return now?.payload === epoch;
  } catch (error) {
    runtime.backendError('read', error);
    return false;
  }
}

/**
 * Gives leases back that will not be filled (the loader found nothing, failed, or
 * an invalidation touched the value), so that other callers need not wait for
 * them: a conditional write of an already expired entry removes each lease that
 * is still there. Best effort: a lease left behind ends with its TTL.
 */
async function releaseLeases(batch: ReadBatch, holders: readonly Holder[]): Promise<void> {
  if (holders.length === 0) return;
  try {
    await compareAndSet(
      batch.runtime.adapter,
      holders.map(
        ({ flight, lease }) =>
          [flight.adapterKey, lease, { payload: lease, expiresAt: 0 }] as const,
      ),
    );
  } catch (error) {
    batch.runtime.backendError('delete', error);
  }
}

/**
 * Stale-if-error: the L1 values (TTL ended within the window) of every failed
 * key, or `undefined` when one of them has none.
 */
function staleValues(batch: ReadBatch, flights: readonly Flight[]): CachedValue[] | undefined {
  const { runtime } = batch;
  const l1 = runtime.l1;
  const window = runtime.staleIfErrorMilliseconds;
  if (l1 === undefined || batch.burst === false || window <= 0 || flights.length === 0)
    return undefined;
  const values: CachedValue[] = [];
  for (const flight of flights) {
    const value = l1.getStale(flight.adapterKey, window);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

import { CachedValue } from '../burst/cached-value.js';
import { encodeBody } from '../codecs/codec-chain.js';
import { compareAndSet } from '../entries/compare-and-set.js';
import { TAG_EPOCH_KEY } from '../entries/reserved-keys.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKeys } from '../keys/validate-key.js';
import { serializeValue } from '../serialization/serialize-value.js';
import type { PendingFill } from '../tags/tag-strategy.js';
import type { Flight } from './flight.js';
import { graceAllowed, readGrace, reportGrace } from './grace-stage.js';
import { fillL1 } from './l1-stage.js';
import type { ReadBatch } from './read-batch.js';
import { type LoadResult, loadedLookup } from './read-plan.js';
import { needsMeta } from './resilience-policy.js';

/** A value a lease keeps inside it: its payload and when the backend would have dropped it. */
export interface Carried {
  readonly payload: string;
  readonly expiresAt: number | undefined;
}

/** A flight that holds a lease: the payload its slot holds until the fill. */
export interface Holder {
  readonly flight: Flight;
  readonly lease: string;
  /** The value the lease carries, put back if the load fails. */
  readonly carried?: Carried | undefined;
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
 * Holders that store nothing give their lease back. When the loader fails, a
 * lease carrying a value puts it back, and flights with a grace value (read again
 * now) are served it instead of the error.
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
  for (const flight of flights) flight.loadStartedAt = loadStartedAt;
  const started = performance.now();
  let loaded: LoadResult;
  try {
    loaded = await batch.load(keys);
  } catch (error) {
    counters.loadErrors++;
    if (events.wanted['load-error']) {
      events.emit('load-error', { keys, namespace: context.namespace, error });
    }
    // Put back before answering: whoever reads the key after this call sees the
    // value in grace again, not a lease that is about to go.
    await releaseLeases(batch, holders, true);
    await serveFallbacks(batch, flights, error);
    return;
  }
  const duration = performance.now() - started;
  runtime.stats.recordLoad(counters, duration);
  if (events.wanted.load) {
    events.emit('load', { keys, namespace: context.namespace, durationMilliseconds: duration });
  }
  const loadedValue = loadedLookup(loaded, keys);
  const ttl = plan.ttlMilliseconds;
  const policy = plan.resilience;
  // Entries that may be served past their TTL, or refreshed before it ends, say
  // when their TTL ends; the backend keeps them for the grace window after that.
  const meta =
    ttl !== undefined && needsMeta(policy)
      ? { freshUntil: loadStartedAt + ttl, ttlMilliseconds: ttl, loadMilliseconds: duration }
      : undefined;
  const expiresAt =
    ttl === undefined
      ? undefined
      : loadStartedAt + ttl + (meta === undefined ? 0 : policy.graceMilliseconds);
  const results: Loaded[] = [];
  const unused: Holder[] = [];
  for (const flight of flights) {
    const lease = leaseOf.get(flight);
    const value = loadedValue(flight.key);
    runtime.graceBackoff.clear(flight.adapterKey);
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
          meta,
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
 * When the load failed: each flight gets its grace value if it has one (its slot
 * read again now: never a value an invalidation ended) and the key backs off;
 * the others get this process's stale L1 value (stale-if-error) when every one
 * of them has one. Rejects with the loader's error for flights left without.
 */
async function serveFallbacks(batch: ReadBatch, flights: Flight[], error: unknown): Promise<void> {
  const { runtime, context, plan } = batch;
  // A background refresh serves only callers that joined it: no event, no backoff.
  const quiet = batch.background;
  let remaining = flights;
  if (graceAllowed(batch)) {
    const graced = await readGrace(batch, flights);
    const servedKeys: string[] = [];
    const backoff = plan.resilience.graceBackoffMilliseconds;
    remaining = [];
    flights.forEach((flight, position) => {
      const value = graced[position];
      if (value === undefined) {
        remaining.push(flight);
        return;
      }
      if (backoff > 0 && !quiet) runtime.graceBackoff.mark(flight.adapterKey, Date.now() + backoff);
      runtime.flights.settle(flight, value);
      servedKeys.push(flight.key);
    });
    if (!quiet) reportGrace(batch, servedKeys, 'error', error);
  }
  if (remaining.length === 0) return;
  if (quiet) throw error;
  const stale = batch.blocker === undefined ? staleValues(batch, remaining) : undefined;
  if (stale === undefined) throw error;
  context.counters.staleHits += stale.length;
  if (runtime.events.wanted.stale) {
    runtime.events.emit('stale', {
      keys: remaining.map((flight) => flight.key),
      namespace: context.namespace,
      error,
    });
  }
  remaining.forEach((flight, position) => {
    runtime.flights.settle(flight, stale[position]);
  });
}

/**
 * Gives leases back that will not be filled (the loader found nothing, failed, or
 * an invalidation touched the value), so that other callers need not wait for
 * them: a conditional write of an already expired entry removes each lease that
 * is still there. `restore`: after a failed load, a lease carrying a value puts
 * that value back instead (it stays available for grace). Best effort: a lease
 * left behind ends with its TTL.
 */
async function releaseLeases(
  batch: ReadBatch,
  holders: readonly Holder[],
  restore = false,
): Promise<void> {
  if (holders.length === 0) return;
  try {
    await compareAndSet(
      batch.runtime.adapter,
      holders.map(({ flight, lease, carried }) => {
        const back =
          restore && carried !== undefined
            ? { payload: carried.payload, expiresAt: carried.expiresAt }
            : { payload: lease, expiresAt: 0 };
        return [flight.adapterKey, lease, back] as const;
      }),
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

/** Which layer a read was served from or missed in. */
export type CacheLayer = 'l1' | 'l2';

/**
 * Payloads of the events a `Cache` emits, by event name. Keys are the user keys
 * as given to the cache; `namespace` is the namespace path joined with `/`
 * (`''` for the root cache).
 */
export interface CacheEventMap {
  /** A read was served by a layer. */
  hit: { readonly layer: CacheLayer; readonly key: string; readonly namespace: string };
  /** A layer did not hold a valid value for a key. */
  miss: { readonly layer: CacheLayer; readonly key: string; readonly namespace: string };
  /**
   * An L2 entry could not be read as a value and read as a miss: foreign or
   * damaged data, a payload its codecs could not decode (tampered, truncated,
   * under a removed encryption key, a codec no longer listed), or a clear-text
   * entry where encryption is required. `get` deletes it; `getOrLoad` replaces it
   * with the loaded value.
   */
  corrupt: { readonly key: string; readonly namespace: string };
  /**
   * One L2 round trip of `getOrLoad` / `getManyOrLoad` finished: the entries of
   * `keys` user keys (the batch size) read and decoded. `found` of them held a
   * value (the others were absent, a lease or unreadable). `error` is set when
   * the read failed (the keys then fell through to the loader).
   */
  'l2-read': {
    readonly namespace: string;
    readonly keys: number;
    readonly found: number;
    /** Wall time of the round trip (with decoding), in milliseconds. */
    readonly durationMilliseconds: number;
    readonly error?: unknown;
  };
  /** A loader call finished (one event per call, also for a batched `loadMany`). */
  load: {
    readonly keys: readonly string[];
    readonly namespace: string;
    /** Wall time of the loader call, in milliseconds. */
    readonly durationMilliseconds: number;
  };
  /** A loader call rejected; every caller waiting on it got the same error. */
  'load-error': {
    readonly keys: readonly string[];
    readonly namespace: string;
    readonly error: unknown;
  };
  /**
   * A load failed and L1 values past their TTL were served instead
   * (`staleIfErrorMilliseconds`); `error` is the loader's.
   */
  stale: {
    readonly keys: readonly string[];
    readonly namespace: string;
    readonly error: unknown;
  };
  /**
   * Values past their TTL were served from their L2 grace window
   * (`graceMilliseconds`): the load failed (`error` is the loader's), took longer
   * than `softTimeoutMilliseconds` (it goes on in the background), or the key was
   * backing off after a failed load (`graceBackoffMilliseconds`). Never a value
   * that an invalidation ended.
   */
  grace: {
    readonly keys: readonly string[];
    readonly namespace: string;
    readonly reason: 'error' | 'soft-timeout' | 'backoff';
    readonly error?: unknown;
  };
  /** A fresh entry is being refreshed in the background (`earlyRefresh`); this process loads it. */
  'early-refresh': { readonly key: string; readonly namespace: string };
  /**
   * An invalidation was applied (L2, local L1, bus). `deferred: true` when it was
   * recorded inside a transaction instead (it runs at the outermost commit).
   * Keys and tags are adapter-level names (`e:<key>`, `t:<tag>`, `n/<namespace>`).
   */
  invalidate: {
    readonly keys: readonly string[];
    readonly tags: readonly string[];
    readonly clear: boolean;
    readonly deferred: boolean;
  };
  /**
   * The shared adapter or the bus failed. Reads fell through to the loader,
   * writes were skipped; the caller was not failed (invalidation failures reject
   * or queue instead).
   */
  'backend-error': {
    readonly operation: 'read' | 'write' | 'delete' | 'publish' | 'subscribe';
    /** The adapter's or bus's error; a `CircuitOpenError` when the open circuit breaker skipped L2. */
    readonly error: unknown;
  };
  /**
   * The bus reported that messages may have been lost (e.g. after a reconnect):
   * the burst layer was flushed.
   */
  'bus-gap': Record<string, never>;
  /**
   * An invalidation failed and was queued for retry
   * (`invalidationFailure: 'queue'`). Until it succeeds, this process bypasses
   * the cache for its keys and tags.
   */
  'invalidation-queued': {
    readonly keys: readonly string[];
    readonly tags: readonly string[];
    readonly error: unknown;
  };
  /**
   * Queued invalidations were given up: the cache was disposed, or the process
   * was about to exit, and a last attempt failed. Entries they name may still be
   * readable in L2 until their TTL ends; `dispose()` also rejects with
   * `InvalidationError`, and at exit a process warning is emitted.
   */
  'invalidation-dropped': {
    readonly keys: readonly string[];
    readonly tags: readonly string[];
    readonly clear: boolean;
    readonly error: unknown;
  };
  /**
   * The circuit breaker of the shared adapter changed state (`circuitBreaker`
   * option). `open`: L2 reads and read-through's writes are skipped (reads go to L1
   * and the loader) for `openMilliseconds`; `half-open`: one call probes L2;
   * `closed`: L2 answered again. Plain writes, deletes and invalidations are never
   * skipped.
   */
  breaker: {
    readonly state: 'open' | 'half-open' | 'closed';
    /** The adapter's name (`"redis"`). */
    readonly adapter: string;
    /** On `open`: the failures in a row that opened it (1 when a probe failed). */
    readonly failures?: number;
    /** On `open`: how long L2 is skipped before the next probe, in milliseconds. */
    readonly openMilliseconds?: number;
    /** On `open`: the last failure. */
    readonly error?: unknown;
  };
  /** A retry of a queued invalidation ran. */
  'invalidation-retry': {
    /** 1 for the first retry. */
    readonly attempt: number;
    readonly succeeded: boolean;
    /** The error of a failed retry. */
    readonly error?: unknown;
  };
}

/** The name of a cache event. */
export type CacheEventName = keyof CacheEventMap;

/** One event as the `onEvent` hook receives it: the payload plus its `type`. */
export type CacheEvent = {
  [Name in CacheEventName]: { readonly type: Name } & CacheEventMap[Name];
}[CacheEventName];

/** A listener of one event. */
export type CacheEventListener<Name extends CacheEventName> = (
  payload: CacheEventMap[Name],
) => void;

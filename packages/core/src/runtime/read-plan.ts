import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import type { CodecChain } from '../codecs/codec-chain.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import type { NamespaceCounters } from '../events/stats-recorder.js';
import type { ResiliencePolicy } from './resilience-policy.js';

/** Where a read comes from: its namespace label, counters and codecs. */
export interface ReadContext {
  readonly namespace: string;
  readonly counters: NamespaceCounters;
  /** The namespace's payload codecs; `undefined`: none. */
  readonly codecs: CodecChain | undefined;
}

/** The keys of a read-through call: unique user keys and their entry keys, aligned. */
export interface ReadKeys {
  readonly keys: readonly string[];
  readonly adapterKeys: readonly string[];
}

/** The options of one read-through call, validated and resolved. */
export interface ReadPlan {
  /** L2 TTL in milliseconds; `undefined`: never expires. <= 0: loaded values are not stored. */
  readonly ttlMilliseconds: number | undefined;
  /** Tag keys known before loading: argument tags plus the namespace's tags. */
  readonly staticTagKeys: readonly string[];
  /** The namespace's tag keys (part of `staticTagKeys`). */
  readonly namespaceTagKeys: readonly string[];
  /** Tags computed from each loaded value, when `tags` is a function. */
  readonly tagFunction: ((value: unknown, key: string) => readonly string[]) | undefined;
  /** L1 policy of this call; `false`: L1 is neither read nor filled. */
  readonly burst: ResolvedBurstPolicy | false;
  /** Grace, timeouts and early refresh of this call. */
  readonly resilience: ResiliencePolicy;
}

/** What a batched loader returns: a map by key, or values aligned with the keys. */
export type LoadResult = ReadonlyMap<string, unknown> | ReadonlyArray<unknown>;

/** A batched loader of user keys. */
export type Loader = (keys: readonly string[]) => Promise<LoadResult>;

/** Looks values up by key in what a loader returned. */
export function loadedLookup(
  loaded: LoadResult,
  keys: readonly string[],
): (key: string) => unknown {
  if (loaded instanceof Map) return (key) => loaded.get(key);
  if (Array.isArray(loaded)) {
    const byKey = new Map<string, unknown>();
    keys.forEach((key, position) => {
      byKey.set(key, loaded[position]);
    });
    return (key) => byKey.get(key);
  }
  throw new InvalidOptionsError(
    '[pc:cache] a loadMany function must resolve to a Map of key -> value (or an array aligned with the keys)',
  );
}

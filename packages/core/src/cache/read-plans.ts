import { type ResolvedBurstPolicy, resolveBurstPolicy } from '../burst/burst-options.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { KeySpace } from '../keys/key-space.js';
import { assertValidKeys } from '../keys/validate-key.js';
import type { CacheRuntime } from '../runtime/cache-runtime.js';
import type { GetOrLoadOptions } from '../runtime/get-or-load-options.js';
import type { ReadPlan } from '../runtime/read-plan.js';
import { type ResiliencePolicy, resolveResilience } from '../runtime/resilience-policy.js';
import { checkNames, LOAD_OPTION_NAMES, ttlOf } from './option-names.js';

/** The plan of a call of a namespace without options. */
export function defaultPlan(
  runtime: CacheRuntime,
  keys: KeySpace,
  burst: ResolvedBurstPolicy | false,
  resilience: ResiliencePolicy,
): ReadPlan {
  return {
    resilience,
    ttlMilliseconds: runtime.defaultTtlMilliseconds,
    staticTagKeys: keys.namespaceTagKeys,
    namespaceTagKeys: keys.namespaceTagKeys,
    tagFunction: undefined,
    burst,
  };
}

/** Validates the options of `getOrLoad` / `getManyOrLoad` into a plan. */
export function planOf(
  runtime: CacheRuntime,
  keys: KeySpace,
  namespaceBurst: ResolvedBurstPolicy | false,
  namespaceResilience: ResiliencePolicy,
  options: GetOrLoadOptions<never>,
): ReadPlan {
  checkNames(options, LOAD_OPTION_NAMES, 'getOrLoad');
  const { tags, burst } = options as GetOrLoadOptions<unknown>;
  const ttlMilliseconds = ttlOf(options.ttlMilliseconds);
  let staticTagKeys = keys.namespaceTagKeys;
  let tagFunction: ReadPlan['tagFunction'];
  if (typeof tags === 'function') {
    tagFunction = tags as ReadPlan['tagFunction'];
  } else if (tags !== undefined) {
    if (!Array.isArray(tags)) {
      throw new InvalidOptionsError(
        '[pc:cache] set "tags" to an array of tag strings or a function (value) => tags',
      );
    }
    assertValidKeys(tags, 'tag');
    staticTagKeys = [
      ...[...new Set(tags as readonly string[])].map((tag) => KeySpace.tagKey(tag)),
      ...keys.namespaceTagKeys,
    ];
  }
  const ttl = ttlMilliseconds ?? runtime.defaultTtlMilliseconds;
  return {
    ttlMilliseconds: ttl === Number.POSITIVE_INFINITY ? undefined : ttl,
    staticTagKeys,
    namespaceTagKeys: keys.namespaceTagKeys,
    tagFunction,
    burst: burst === undefined ? namespaceBurst : callBurst(runtime, burst),
    resilience: resolveResilience(options, namespaceResilience, 'getOrLoad'),
  };
}

/** A namespace's or a call's L1 policy: its TTL, the root's caps. */
export function callBurst(runtime: CacheRuntime, burst: unknown): ResolvedBurstPolicy | false {
  const base = runtime.burstPolicy;
  const resolved = resolveBurstPolicy(
    burst as ResolvedBurstPolicy | false,
    base === false ? { ttlMilliseconds: 1, maxItems: 1, maxBytes: 1 } : base,
    'burst',
  );
  if (resolved === false || base === false) return false;
  return { ...base, ttlMilliseconds: resolved.ttlMilliseconds };
}

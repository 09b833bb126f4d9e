import { afterEach, describe } from 'vitest';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { InvalidOptionsError } from '../../errors/invalid-options-error.js';
import { registerBoundedMemoryGroup } from './groups/bounded-memory-group.js';
import { registerFailClosedGroup } from './groups/fail-closed-group.js';
import { registerFailOpenGroup } from './groups/fail-open-group.js';
import { registerInvalidationCompleteGroup } from './groups/invalidation-complete-group.js';
import { registerLoudInvalidationGroup } from './groups/loud-invalidation-group.js';
import { registerMultiLookupGroup } from './groups/multi-lookup-group.js';
import { registerNoResurrectionGroup } from './groups/no-resurrection-group.js';
import { registerResilienceGroup } from './groups/resilience-group.js';
import { createRuntimeHarness } from './runtime-harness.js';
import type { RuntimeInvariantsOptions } from './runtime-invariants-options.js';

/**
 * Registers the runtime invariant scenarios (complete invalidation, no stale
 * resurrection, tags fail closed, loud invalidation failures, reads fail open,
 * multi-lookups, bounded memory, grace / timeouts / early refresh) for one adapter: each cache of a test stands for one process (its own L1, loads in
 * flight and bus subscription) over the same shared adapter. Races are driven
 * by gated loaders, never by timing.
 *
 * ```ts
 * describeRuntimeInvariants({
 *   name: 'redis',
 *   factory: ({ namespace }) => createRedisAdapter({ namespace, url }),
 *   bus: (channel) => createRedisBus({ url, channel }),
 * });
 * ```
 *
 * Adapters with a native tag index are not supported yet (their tag fences are
 * the adapter's); the suite throws `InvalidOptionsError` for them.
 */
export function describeRuntimeInvariants<A extends CacheAdapter>(
  options: RuntimeInvariantsOptions<A>,
): void {
  if (typeof options !== 'object' || options === null || typeof options.factory !== 'function') {
    throw new InvalidOptionsError(
      '[pc:runtime-invariants] pass { name, factory, bus?, cacheOptions? }',
    );
  }
  const harness = createRuntimeHarness(options as unknown as RuntimeInvariantsOptions);
  describe(`runtime invariants: ${options.name}`, async () => {
    const probe = await options.factory({ namespace: `pc-rt-probe-${Date.now().toString(36)}` });
    const native = probe.capabilities.nativeTags;
    await probe.dispose();
    if (native) {
      throw new InvalidOptionsError(
        `[pc:runtime-invariants] "${options.name}" uses a native tag index; this suite covers tag versions only`,
      );
    }
    afterEach(() => harness.cleanup());
    registerInvalidationCompleteGroup(harness);
    registerNoResurrectionGroup(harness);
    registerFailClosedGroup(harness);
    registerLoudInvalidationGroup(harness);
    registerFailOpenGroup(harness);
    registerMultiLookupGroup(harness);
    registerBoundedMemoryGroup(harness);
    registerResilienceGroup(harness);
  });
}

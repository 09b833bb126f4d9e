import { afterEach, describe } from 'vitest';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import {
  ADAPTER_CONFORMANCE_DEFAULTS,
  type AdapterConformanceOptions,
} from './adapter-conformance-options.js';
import { registerBasicGroup } from './conformance/basic-group.js';
import { registerBatchGroup } from './conformance/batch-group.js';
import { registerClearGroup } from './conformance/clear-group.js';
import { registerCompareAndSetGroup } from './conformance/compare-and-set-group.js';
import { registerConcurrencyGroup } from './conformance/concurrency-group.js';
import { createHarness } from './conformance/conformance-harness.js';
import { registerEntryValidationGroup } from './conformance/entry-validation-group.js';
import { registerFailureGroup } from './conformance/failure-group.js';
import { registerKeysGroup } from './conformance/keys-group.js';
import { registerPruneGroup } from './conformance/prune-group.js';
import { registerTagsGroup } from './conformance/tags-group.js';
import { registerTtlGroup } from './conformance/ttl-group.js';
import { registerValuesGroup } from './conformance/values-group.js';

/**
 * Registers the adapter conformance suite (vitest) for one adapter:
 *
 * ```ts
 * describeAdapterConformance({
 *   name: 'memory',
 *   factory: (context) => createMemoryAdapter({ namespace: context.namespace }),
 *   expiry: 'clock',
 * });
 * ```
 *
 * While registering, the suite builds one probe adapter and reads its
 * `capabilities`: a capability the adapter lacks registers a test that the
 * operation is absent (or rejects with `UnsupportedCapabilityError`) instead of
 * the tests that need it, and the reason is part of the test name. Nothing is
 * skipped. Every test gets a fresh namespace; the suite clears and disposes
 * every adapter it built after each test.
 *
 * @throws InvalidOptionsError (while collecting) when an option is missing or
 *   invalid, e.g. no `unreachableFactory` for a persistent adapter.
 */
export function describeAdapterConformance<A extends CacheAdapter>(
  options: AdapterConformanceOptions<A>,
): void {
  const resolved = resolveOptions(options as unknown as AdapterConformanceOptions);
  describe(`adapter conformance: ${resolved.name}`, async () => {
    const probe = await resolved.factory({ namespace: `pc-probe-${Date.now().toString(36)}` });
    const capabilities = Object.freeze({ ...probe.capabilities });
    await probe.dispose();
    if (capabilities.persistent && resolved.unreachableFactory === undefined) {
      throw new InvalidOptionsError(
        `[pc:conformance] "${resolved.name}" declares capabilities.persistent, so its backend can be lost: set "unreachableFactory"`,
      );
    }
    if (capabilities.nativeTags && resolved.dropTagMetadata === undefined) {
      throw new InvalidOptionsError(
        `[pc:conformance] "${resolved.name}" declares capabilities.nativeTags: set "dropTagMetadata" so the suite can lose the tag index`,
      );
    }
    const harness = createHarness(resolved, capabilities);
    afterEach(() => harness.cleanup());
    registerBasicGroup(harness);
    registerBatchGroup(harness);
    registerTtlGroup(harness);
    registerKeysGroup(harness);
    registerValuesGroup(harness);
    registerTagsGroup(harness);
    registerClearGroup(harness);
    registerPruneGroup(harness);
    registerConcurrencyGroup(harness);
    registerCompareAndSetGroup(harness);
    registerEntryValidationGroup(harness);
    registerFailureGroup(harness);
  });
}

function resolveOptions(options: AdapterConformanceOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError(
      '[pc:conformance] pass an options object with "name", "factory" and "expiry"',
    );
  }
  if (typeof options.name !== 'string' || options.name === '') {
    throw new InvalidOptionsError('[pc:conformance] "name" must be a non-empty string: set "name"');
  }
  if (typeof options.factory !== 'function') {
    throw new InvalidOptionsError('[pc:conformance] "factory" must be a function: set "factory"');
  }
  if (options.expiry !== 'clock' && options.expiry !== 'backend') {
    throw new InvalidOptionsError(
      `[pc:conformance] "expiry" must be 'clock' or 'backend': set "expiry"`,
    );
  }
  if (
    options.unreachableFactory !== undefined &&
    typeof options.unreachableFactory !== 'function'
  ) {
    throw new InvalidOptionsError(
      '[pc:conformance] "unreachableFactory" must be a function: set "unreachableFactory"',
    );
  }
  if (
    options.factoryWithUnknownOption !== undefined &&
    typeof options.factoryWithUnknownOption !== 'function'
  ) {
    throw new InvalidOptionsError(
      '[pc:conformance] "factoryWithUnknownOption" must be a function: set "factoryWithUnknownOption"',
    );
  }
  const timeoutMilliseconds =
    options.timeoutMilliseconds ?? ADAPTER_CONFORMANCE_DEFAULTS.timeoutMilliseconds;
  if (!Number.isFinite(timeoutMilliseconds) || timeoutMilliseconds <= 0) {
    throw new InvalidOptionsError(
      '[pc:conformance] "timeoutMilliseconds" must be a positive number: set "timeoutMilliseconds"',
    );
  }
  return { ...options, timeoutMilliseconds };
}

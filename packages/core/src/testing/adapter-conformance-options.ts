import type { AdapterFactory } from '../contracts/adapter-factory.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';

/**
 * Who enforces expiry for the adapter under test, which decides how the TTL
 * tests move time:
 * - `'clock'`: the adapter compares `expiresAt` with `Date.now()` (memory,
 *   filesystem). The suite fakes `Date` (`vi.useFakeTimers({ toFake: ['Date'] })`)
 *   and jumps the clock: no waiting, and TTLs of 30+ days are tested to the end.
 * - `'backend'`: the server expires entries by itself (Redis `PX`, Memcached
 *   exptime). The suite waits for real, with short TTLs rounded up to
 *   `capabilities.ttlPrecisionMilliseconds`.
 */
export type ConformanceExpiry = 'clock' | 'backend';

/** Options of `describeAdapterConformance`. */
export interface AdapterConformanceOptions<A extends CacheAdapter = CacheAdapter> {
  /** Shown in the top-level describe block, e.g. `"redis (cluster)"`. */
  readonly name: string;
  /**
   * Builds an adapter for one test. Called with a fresh `context.namespace` per
   * test (the adapter must serve exactly that namespace), and called twice with
   * the same context when a test needs a second instance of one namespace
   * (only when `capabilities.sharedAcrossInstances` is `true`). The suite
   * clears and disposes every adapter it built after each test.
   */
  readonly factory: AdapterFactory<A>;
  /** Who enforces expiry; see `ConformanceExpiry`. */
  readonly expiry: ConformanceExpiry;
  /**
   * Builds an adapter whose backend cannot be reached (a closed port, a path
   * that cannot be created). It gets `context.overrides = { unreachable: true,
   * timeoutMilliseconds }` and must honour the timeout. Required when the
   * adapter declares `capabilities.persistent` (its data lives outside the
   * process, so the backend can be lost); in-process adapters have no backend to
   * lose, and the suite then registers no unreachable-backend test.
   * @default undefined
   */
  readonly unreachableFactory?: AdapterFactory<A>;
  /**
   * Operation timeout the unreachable adapter is configured with, in
   * milliseconds (passed as `context.overrides.timeoutMilliseconds`). Every
   * operation on an unreachable backend must reject with a
   * `BackendUnavailableError` (or its subclass `TimeoutError`) within
   * `3 * timeoutMilliseconds + 1000` ms: a behaviour bound, not a benchmark.
   * @default 1000
   */
  readonly timeoutMilliseconds?: number;
  /**
   * Deletes the backend's tag index of `tags` behind the Cache's back (as an
   * eviction or a lost server would). Required when the adapter declares
   * `capabilities.nativeTags`; for other adapters the suite finds and deletes
   * the Cache's tag-version records itself.
   * @default undefined
   */
  readonly dropTagMetadata?: (adapter: A, tags: readonly string[]) => Promise<void>;
  /**
   * Calls the adapter's factory with valid options plus one option whose name
   * the factory does not know: `unknownOptionName` (the suite passes
   * `"pcConformanceUnknownOption"`), e.g.
   * `(name) => createXAdapter({ namespace: 'n', [name]: 1 })`. When given, the
   * suite expects the call to throw (or reject) with `InvalidOptionsError` whose
   * message names the option: a misspelt option must never silently fall back to
   * its default. When absent, that test is not registered (the suite cannot build
   * your options by itself).
   * @default undefined
   */
  readonly factoryWithUnknownOption?: (unknownOptionName: string) => unknown;
}

/** Defaults of `AdapterConformanceOptions`. */
export const ADAPTER_CONFORMANCE_DEFAULTS = {
  timeoutMilliseconds: 1000,
} as const;

/** Names of the groups the suite registers, one file each in `testing/conformance/`. */
export const CONFORMANCE_GROUPS = [
  'basic',
  'batch',
  'ttl and expiry',
  'keys',
  'values',
  'tags',
  'clear and namespaces',
  'prune',
  'concurrency',
  'compare and set',
  'entry validation',
  'failure',
] as const;

/** One of `CONFORMANCE_GROUPS`. */
export type ConformanceGroup = (typeof CONFORMANCE_GROUPS)[number];

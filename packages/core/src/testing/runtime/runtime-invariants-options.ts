import type { CacheOptions } from '../../cache/cache-options.js';
import type { AdapterFactory } from '../../contracts/adapter-factory.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import type { InvalidationBus } from '../../contracts/invalidation-bus.js';

/** Options of `describeRuntimeInvariants`. */
export interface RuntimeInvariantsOptions<A extends CacheAdapter = CacheAdapter> {
  /** Shown in the top-level describe block, e.g. `"redis (standalone)"`. */
  readonly name: string;
  /**
   * Builds the shared adapter (L2) of one test, for a fresh `context.namespace`.
   * Each cache of the test stands for one process; they all use this adapter.
   * The suite clears and disposes it after the test.
   */
  readonly factory: AdapterFactory<A>;
  /**
   * Builds the bus of one simulated process. Every call within one test gets the
   * same `channel`, so the processes hear each other. The suite disposes it.
   * @default an in-process bus (`createLocalBus(channel)`)
   */
  readonly bus?: ((channel: string) => InvalidationBus | Promise<InvalidationBus>) | undefined;
  /**
   * Longest wait for a bus message to reach another process, in milliseconds
   * (the suite polls; it never sleeps a fixed time, so a generous bound costs
   * nothing when delivery is quick, and holds on a busy machine).
   * @default 10000
   */
  readonly busDeliveryMilliseconds?: number | undefined;
  /**
   * Options every cache (simulated process) of the suite is created with, e.g.
   * `{ codecs: [createGzipCodec(), createEncryptionCodec({ keyring })] }` to run
   * the same scenarios with payload codecs. A scenario's own options (such as
   * `burst`) take precedence.
   * @default {}
   */
  readonly cacheOptions?: Omit<CacheOptions, 'adapter' | 'bus'> | undefined;
}

/** Defaults of `RuntimeInvariantsOptions`. */
export const RUNTIME_INVARIANTS_DEFAULTS = {
  busDeliveryMilliseconds: 10_000,
} as const;

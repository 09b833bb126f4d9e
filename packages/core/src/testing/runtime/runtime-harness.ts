import type { Cache } from '../../cache/cache.js';
import type { CacheOptions } from '../../cache/cache-options.js';
import { createCache } from '../../cache/create-cache.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import type { InvalidationBus } from '../../contracts/invalidation-bus.js';
import { createLocalBus } from './local-bus.js';
import {
  RUNTIME_INVARIANTS_DEFAULTS,
  type RuntimeInvariantsOptions,
} from './runtime-invariants-options.js';
import { type SwitchableAdapter, switchable } from './switchable-adapter.js';

/** One test's world: a shared adapter and caches standing for processes. */
export interface RuntimeWorld {
  /** The shared adapter (L2), with call counts and simulated failures. */
  readonly adapter: SwitchableAdapter;
  /** A new "process": a cache over the shared adapter, with its own L1 and (by default) a bus. */
  process(options?: Omit<CacheOptions, 'adapter'>, withBus?: boolean): Promise<Cache>;
  /** The buses created so far, in process order. */
  readonly buses: readonly InvalidationBus[];
}

/** What each group gets from `describeRuntimeInvariants`. */
export interface RuntimeHarness {
  readonly options: RuntimeInvariantsOptions & { readonly busDeliveryMilliseconds: number };
  /** Builds this test's world (cleaned up after the test). */
  world(): Promise<RuntimeWorld>;
  /** Retries `check` every 10 ms until it passes or the bus delivery time is over. */
  eventually(check: () => Promise<void> | void): Promise<void>;
  cleanup(): Promise<void>;
}

let counter = 0;
const RUN_ID = Math.random().toString(36).slice(2, 8);

export function createRuntimeHarness(options: RuntimeInvariantsOptions): RuntimeHarness {
  const resolved = {
    ...options,
    busDeliveryMilliseconds:
      options.busDeliveryMilliseconds ?? RUNTIME_INVARIANTS_DEFAULTS.busDeliveryMilliseconds,
  };
  const makeBus = options.bus ?? ((channel: string) => createLocalBus(channel));
  let adapters: CacheAdapter[] = [];
  let caches: Cache[] = [];
  let buses: InvalidationBus[] = [];
  return {
    options: resolved,
    async world() {
      counter += 1;
      const namespace = `pc-rt-${RUN_ID}-${counter}`;
      const raw = await options.factory({ namespace });
      adapters.push(raw);
      const adapter = switchable(raw);
      const worldBuses: InvalidationBus[] = [];
      return {
        adapter,
        buses: worldBuses,
        async process(cacheOptions = {}, withBus = true) {
          let bus: InvalidationBus | undefined;
          if (withBus) {
            bus = await makeBus(`pc-rt-${RUN_ID}-${counter}-${namespace}`);
            buses.push(bus);
            worldBuses.push(bus);
          }
          const cache = createCache({ adapter, bus, ...options.cacheOptions, ...cacheOptions });
          caches.push(cache);
          await cache.ready();
          return cache;
        },
      };
    },
    async eventually(check) {
      const deadline = Date.now() + resolved.busDeliveryMilliseconds;
      for (;;) {
        try {
          await check();
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    },
    async cleanup() {
      const [oldCaches, oldBuses, oldAdapters] = [caches, buses, adapters];
      caches = [];
      buses = [];
      adapters = [];
      for (const cache of oldCaches) await cache.dispose();
      for (const bus of oldBuses) await bus.dispose();
      for (const adapter of oldAdapters) {
        try {
          await adapter.clear();
        } finally {
          await adapter.dispose();
        }
      }
    },
  };
}

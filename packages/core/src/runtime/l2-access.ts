import { breakerViews } from '../breaker/breaker-views.js';
import { CircuitBreaker } from '../breaker/circuit-breaker.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import type { EventHub } from '../events/event-hub.js';
import { NativeTagStrategy } from '../tags/native-tag-strategy.js';
import type { TagStrategy } from '../tags/tag-strategy.js';
import { TagVersionStrategy } from '../tags/tag-version-strategy.js';
import type { RuntimeOptions } from './runtime-options.js';

/** How a runtime reaches the shared adapter (L2). */
export interface L2Access {
  /** For reads and read-through's own writes: skipped while the circuit is open. */
  readonly adapter: CacheAdapter;
  readonly strategy: TagStrategy;
  /** For plain writes, deletes and invalidations: never skipped. */
  readonly directAdapter: CacheAdapter;
  readonly directStrategy: TagStrategy;
}

/**
 * The adapter and tag strategy a runtime uses, behind the circuit breaker when
 * `circuitBreaker` is on (both views share one breaker); otherwise the adapter
 * itself, twice.
 */
export function createL2Access(options: RuntimeOptions, events: EventHub): L2Access {
  const native = options.nativeTagAdapter !== undefined;
  if (options.circuitBreaker === undefined) {
    const strategy = strategyOf(options.adapter, native);
    return {
      adapter: options.adapter,
      strategy,
      directAdapter: options.adapter,
      directStrategy: strategy,
    };
  }
  const breaker = new CircuitBreaker(options.circuitBreaker, options.adapter.name, events);
  const { guarded, direct } = breakerViews(options.adapter, breaker);
  return {
    adapter: guarded,
    strategy: strategyOf(guarded, native),
    directAdapter: direct,
    directStrategy: strategyOf(direct, native),
  };
}

function strategyOf(adapter: CacheAdapter, native: boolean): TagStrategy {
  return native
    ? new NativeTagStrategy(adapter as NativeTagAdapter)
    : new TagVersionStrategy(adapter);
}

import type { ResolvedCircuitBreakerOptions } from '../breaker/circuit-breaker-options.js';
import type { ResolvedBurstPolicy } from '../burst/burst-options.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import type { CacheLogger } from '../contracts/cache-logger.js';
import type { InvalidationBus } from '../contracts/invalidation-bus.js';
import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import type { CacheEvent } from '../events/cache-events.js';
import type { ResiliencePolicy } from './resilience-policy.js';

/** The options a root cache's runtime runs with: `CacheOptions` after validation. */
export interface RuntimeOptions {
  readonly adapter: CacheAdapter;
  /** Set when the adapter keeps its own tag index and the Cache should use it. */
  readonly nativeTagAdapter: NativeTagAdapter | undefined;
  readonly defaultTtlMilliseconds: number | undefined;
  readonly burst: ResolvedBurstPolicy | false;
  readonly bus: InvalidationBus | undefined;
  readonly invalidationFailure: 'reject' | 'queue';
  readonly invalidationRetryDelayMilliseconds: number;
  readonly invalidationRetryMaxDelayMilliseconds: number;
  readonly leaseTtlMilliseconds: number;
  readonly leaseWaitMilliseconds: number;
  readonly staleIfErrorMilliseconds: number;
  /** Grace, timeouts and early refresh of calls that set none of their own. */
  readonly resilience: ResiliencePolicy;
  readonly onEvent: ((event: CacheEvent) => void) | undefined;
  /** The L2 circuit breaker's settings; `undefined`: no breaker. */
  readonly circuitBreaker: ResolvedCircuitBreakerOptions | undefined;
  /** What plain `get` / `getMany` do when L2 fails. */
  readonly getFailure: 'reject' | 'miss';
  readonly logger: CacheLogger | undefined;
}

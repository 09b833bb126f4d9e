import { OPTIONAL_DATA_METHODS, REQUIRED_DATA_METHODS } from '../contracts/adapter-methods.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import type { NativeTagAdapter } from '../contracts/native-tag-adapter.js';
import type { CircuitBreaker } from './circuit-breaker.js';

/** Data methods of an adapter (and of a native-tag adapter) the breaker watches: all of them. */
const WATCHED = [...REQUIRED_DATA_METHODS, ...OPTIONAL_DATA_METHODS];

/** The two faces of an adapter behind a circuit breaker. */
export interface BreakerViews {
  /**
   * For reads and read-through's own writes (leases, fills, tag records): every
   * call is skipped with `CircuitOpenError` while the circuit is open.
   */
  readonly guarded: CacheAdapter;
  /**
   * For plain writes, deletes and invalidations, whose callers must learn whether
   * they happened: never skipped; outcomes count toward the breaker.
   */
  readonly direct: CacheAdapter;
}

/**
 * Decorates `adapter` twice with one breaker. Both views keep its identity
 * members (name, namespace, capabilities) and have exactly the optional methods
 * it has; `keys()` and `dispose()` pass through untouched.
 */
export function breakerViews(adapter: CacheAdapter, breaker: CircuitBreaker): BreakerViews {
  return {
    guarded: decorate(adapter, (call) => breaker.guard(call)),
    direct: decorate(adapter, (call) => breaker.pass(call)),
  };
}

type Runner = <T>(call: () => Promise<T>) => Promise<T>;

function decorate(adapter: CacheAdapter, run: Runner): CacheAdapter {
  const view: Record<string, unknown> = {
    contractVersion: adapter.contractVersion,
    name: adapter.name,
    namespace: adapter.namespace,
    capabilities: adapter.capabilities,
    dispose: () => adapter.dispose(),
  };
  if (typeof adapter.keys === 'function') view.keys = () => adapter.keys!();
  const methods = adapter as unknown as Record<string, unknown> & Partial<NativeTagAdapter>;
  for (const name of WATCHED) {
    const method = methods[name];
    if (typeof method !== 'function') continue;
    view[name] = (...args: unknown[]) =>
      run(() => (method as (...parameters: unknown[]) => Promise<unknown>).apply(adapter, args));
  }
  return view as unknown as CacheAdapter;
}

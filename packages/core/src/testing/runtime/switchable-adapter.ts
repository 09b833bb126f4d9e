import {
  type AdapterDataMethod,
  OPTIONAL_DATA_METHODS,
  REQUIRED_DATA_METHODS,
} from '../../contracts/adapter-methods.js';
import type { CacheAdapter } from '../../contracts/cache-adapter.js';
import { BackendUnavailableError } from '../../errors/backend-unavailable-error.js';

/** Adapter methods a `SwitchableAdapter` counts and can make fail: every data method but `prune`. */
export type AdapterMethod = Exclude<AdapterDataMethod, 'prune'>;

/** The adapter under test, with call counts and simulated failures. */
export type SwitchableAdapter<A extends CacheAdapter = CacheAdapter> = A & {
  /** Calls per method since the last `resetCalls()`. */
  readonly callCounts: Record<AdapterMethod, number>;
  /** Keys passed to each call, in order. */
  readonly callKeys: Array<{ method: AdapterMethod; keys: readonly string[] }>;
  resetCalls(): void;
  /** Methods that reject with `BackendUnavailableError` (as an outage would) while listed. */
  readonly failing: Set<AdapterMethod>;
};

const METHODS = new Set<string>(
  [...REQUIRED_DATA_METHODS, ...OPTIONAL_DATA_METHODS].filter((name) => name !== 'prune'),
);

/**
 * Wraps a real adapter so runtime tests can count its calls and simulate an
 * outage of single operations (a real backend cannot fail one command on cue).
 * Optional methods stay absent when the adapter lacks them. Everything else
 * passes through unchanged.
 */
export function switchable<A extends CacheAdapter>(adapter: A): SwitchableAdapter<A> {
  const callCounts = Object.fromEntries([...METHODS].map((name) => [name, 0])) as Record<
    AdapterMethod,
    number
  >;
  const callKeys: Array<{ method: AdapterMethod; keys: readonly string[] }> = [];
  const failing = new Set<AdapterMethod>();
  const extras = {
    callCounts,
    callKeys,
    failing,
    resetCalls() {
      for (const name of METHODS) callCounts[name as AdapterMethod] = 0;
      callKeys.length = 0;
    },
  };
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in extras) {
        return extras[property as keyof typeof extras];
      }
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      const method = property as AdapterMethod;
      return (...args: unknown[]) => {
        callCounts[method]++;
        callKeys.push({ method, keys: keysOf(method, args[0]) });
        if (failing.has(method)) {
          return Promise.reject(
            new BackendUnavailableError(`[pc:test] ${method} failed (simulated outage)`),
          );
        }
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as SwitchableAdapter<A>;
}

function keysOf(method: AdapterMethod, first: unknown): readonly string[] {
  if (typeof first === 'string') return [first];
  if (!Array.isArray(first)) return [];
  if (
    method === 'setMany' ||
    method === 'setTagged' ||
    method === 'compareAndSet' ||
    method === 'compareAndSetTagged'
  ) {
    return first.map((item) => (item as readonly [string])[0]);
  }
  return first as string[];
}

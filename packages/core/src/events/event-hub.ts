import type {
  CacheEvent,
  CacheEventListener,
  CacheEventMap,
  CacheEventName,
} from './cache-events.js';

type AnyListener = (payload: never) => void;

/**
 * A tiny typed emitter shared by a root cache and its namespaces. `wants(name)`
 * is a property read, so the hot paths build no payload when nobody listens.
 * A listener that throws is isolated: the cache operation carries on.
 */
export class EventHub {
  readonly #listeners = new Map<CacheEventName, AnyListener[]>();
  readonly #hook: ((event: CacheEvent) => void) | undefined;
  /** Per event: does anyone listen (a listener or the hook)? */
  readonly wanted: Record<CacheEventName, boolean>;

  constructor(hook: ((event: CacheEvent) => void) | undefined) {
    this.#hook = hook;
    const all = hook !== undefined;
    this.wanted = {
      hit: all,
      miss: all,
      corrupt: all,
      'l2-read': all,
      load: all,
      'load-error': all,
      stale: all,
      grace: all,
      'early-refresh': all,
      invalidate: all,
      'backend-error': all,
      'bus-gap': all,
      'invalidation-queued': all,
      'invalidation-retry': all,
      'invalidation-dropped': all,
      breaker: all,
    };
  }

  on<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): void {
    const list = this.#listeners.get(name) ?? [];
    // Copy on write: an emit in progress keeps iterating the old array.
    this.#listeners.set(name, [...list, listener as AnyListener]);
    this.wanted[name] = true;
  }

  off<Name extends CacheEventName>(name: Name, listener: CacheEventListener<Name>): void {
    const list = this.#listeners.get(name);
    if (list === undefined) return;
    const index = list.indexOf(listener as AnyListener);
    if (index < 0) return;
    const next = [...list.slice(0, index), ...list.slice(index + 1)];
    if (next.length === 0) this.#listeners.delete(name);
    else this.#listeners.set(name, next);
    this.wanted[name] = next.length > 0 || this.#hook !== undefined;
  }

  emit<Name extends CacheEventName>(name: Name, payload: CacheEventMap[Name]): void {
    const list = this.#listeners.get(name);
    if (list !== undefined) {
      for (const listener of list) {
        try {
          (listener as CacheEventListener<Name>)(payload);
        } catch {
          // A broken listener must not break reads or invalidations.
        }
      }
    }
    if (this.#hook !== undefined) {
      try {
        this.#hook({ type: name, ...payload } as CacheEvent);
      } catch {
        // Same as above.
      }
    }
  }
}

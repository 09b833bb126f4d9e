import type { CacheApi } from '../cache/cache-api.js';
import { CACHE_EVENT_NAMES } from './cache-event-names.js';

/** Listeners by event name; names the installed `@pc/core` does not emit are allowed. */
export type EventListeners = Readonly<Record<string, ((payload: never) => void) | undefined>>;

type Subscribe = (name: string, listener: (payload: never) => void) => void;

/**
 * For integrations (metrics, tracing, logging): adds each listener whose event
 * this `@pc/core` emits, and skips the others, so an integration written for a
 * newer core works with this one. Events nobody listens to stay free: the cache
 * builds no payload for them.
 * @returns removes every listener it added (idempotent).
 */
export function attachListeners(
  cache: Pick<CacheApi, 'on' | 'off'>,
  listeners: EventListeners,
): () => void {
  const on = cache.on.bind(cache) as unknown as Subscribe;
  const off = cache.off.bind(cache) as unknown as Subscribe;
  const added: Array<readonly [string, (payload: never) => void]> = [];
  for (const [name, listener] of Object.entries(listeners)) {
    if (listener === undefined || !(CACHE_EVENT_NAMES as readonly string[]).includes(name)) {
      continue;
    }
    on(name, listener);
    added.push([name, listener]);
  }
  return () => {
    for (const [name, listener] of added.splice(0)) off(name, listener);
  };
}

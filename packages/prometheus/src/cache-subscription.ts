import { CACHE_EVENT_NAMES, type CacheApi } from '@pc/core';

/** What a metrics integration needs of a cache (a root cache or one of its namespaces). */
export type ObservedCache = Pick<CacheApi, 'on' | 'off' | 'stats'>;

/** Listeners by event name; names the installed `@pc/core` does not emit are allowed. */
export type EventListeners = Readonly<Record<string, ((payload: never) => void) | undefined>>;

type Subscribe = (name: string, listener: (payload: never) => void) => void;

/**
 * Adds each listener whose event the installed `@pc/core` emits (events added by
 * later versions of core are skipped, so one release of this package works with
 * both). Nothing is added for events nobody asked for: the cache builds no
 * payload for them.
 * @returns removes every listener it added.
 */
export function subscribe(cache: ObservedCache, listeners: EventListeners): () => void {
  const known = new Set<string>(CACHE_EVENT_NAMES);
  const on = cache.on.bind(cache) as unknown as Subscribe;
  const off = cache.off.bind(cache) as unknown as Subscribe;
  const added: Array<readonly [string, (payload: never) => void]> = [];
  for (const [name, listener] of Object.entries(listeners)) {
    if (listener === undefined || !known.has(name)) continue;
    on(name, listener);
    added.push([name, listener]);
  }
  return () => {
    for (const [name, listener] of added.splice(0)) off(name, listener);
  };
}

import type { InvalidationBus } from '../contracts/invalidation-bus.js';
import type { CacheRuntime } from './cache-runtime.js';

const NO_KEYS: readonly string[] = [];
const NONE: ReadonlySet<string> = new Set();

/**
 * This process's subscription to the bus: another process's invalidation or
 * write drops the keys and tags it names from this process (flights and L1); a
 * reported gap (messages may be lost) drops everything.
 */
export class BusLink {
  readonly #unsubscribe: Promise<(() => Promise<void>) | undefined>;
  readonly #runtime: CacheRuntime;

  constructor(runtime: CacheRuntime, bus: InvalidationBus) {
    this.#runtime = runtime;
    this.#unsubscribe = bus
      .subscribe({
        onMessage: (message) => {
          if (message.origin === runtime.origin) return;
          runtime.dropLocal(
            new Set(message.keys ?? NO_KEYS),
            new Set(message.tags ?? NO_KEYS),
            message.clear === true,
          );
        },
        onGap: () => {
          runtime.dropLocal(NONE, NONE, true);
          if (runtime.events.wanted['bus-gap']) runtime.events.emit('bus-gap', {});
        },
      })
      .catch((error: unknown) => {
        runtime.backendError('subscribe', error);
        return undefined;
      });
  }

  /** Resolves once the subscription is active (or has failed: see `backend-error`). */
  async ready(): Promise<void> {
    await this.#unsubscribe;
  }

  async dispose(): Promise<void> {
    const unsubscribe = await this.#unsubscribe;
    if (unsubscribe === undefined) return;
    try {
      await unsubscribe();
    } catch (error) {
      this.#runtime.backendError('subscribe', error);
    }
  }
}

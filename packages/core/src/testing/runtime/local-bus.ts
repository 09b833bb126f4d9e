import type {
  BusMessage,
  BusSubscriber,
  InvalidationBus,
} from '../../contracts/invalidation-bus.js';

const HUBS = new Map<string, Set<BusSubscriber>>();

/** An in-process bus: what `createLocalBus` returns, plus a way to simulate a gap. */
export interface LocalBus extends InvalidationBus {
  /** Calls `onGap` of every subscriber on this channel, as a reconnect would. */
  simulateGap(): void;
  /** Messages published through this instance. */
  readonly published: readonly BusMessage[];
  /** While `true`, `publish` rejects (to test failure handling). */
  failing: boolean;
}

/**
 * An in-process `InvalidationBus` for tests: every bus created with the same
 * `channel` delivers to the subscribers of all of them (each cache standing for
 * one process). Delivery is asynchronous (a microtask), like a real bus.
 */
export function createLocalBus(channel = 'pc'): LocalBus {
  let hub = HUBS.get(channel);
  if (hub === undefined) {
    hub = new Set();
    HUBS.set(channel, hub);
  }
  const subscribers = hub;
  const mine = new Set<BusSubscriber>();
  const published: BusMessage[] = [];
  return {
    failing: false,
    published,
    async publish(message) {
      if (this.failing) throw new Error('[pc:local-bus] publish failed (simulated)');
      published.push(message);
      const copy = structuredClone(message);
      for (const subscriber of subscribers) queueMicrotask(() => subscriber.onMessage(copy));
    },
    async subscribe(subscriber) {
      subscribers.add(subscriber);
      mine.add(subscriber);
      return async () => {
        subscribers.delete(subscriber);
        mine.delete(subscriber);
      };
    },
    simulateGap() {
      for (const subscriber of subscribers) subscriber.onGap?.();
    },
    async dispose() {
      for (const subscriber of mine) subscribers.delete(subscriber);
      mine.clear();
      if (subscribers.size === 0) HUBS.delete(channel);
    },
  };
}

/**
 * A message that tells other processes to drop burst-layer (L1) entries.
 */
export interface BusMessage {
  /** Id of the publishing process, so it can ignore its own messages. */
  readonly origin: string;
  /** Cache keys to drop from L1. */
  readonly keys?: readonly string[];
  /** Tags whose entries to drop from L1. */
  readonly tags?: readonly string[];
  /** `true` to drop every L1 entry (after a clear). */
  readonly clear?: boolean;
}

/** Callbacks a bus subscriber gets. */
export interface BusSubscriber {
  /** Called for every message received on the channel, including one's own. */
  onMessage(message: BusMessage): void;
  /**
   * Called after the bus reconnected and resubscribed: messages published
   * while it was away are lost, so the subscriber must assume anything changed
   * (the Cache flushes its L1).
   */
  onGap?(): void;
}

/**
 * Publish/subscribe transport that keeps per-process burst layers in sync
 * (e.g. Redis pub/sub). Delivery is at most once; `onGap` reports possible loss.
 */
export interface InvalidationBus {
  /** Sends a message to every subscriber on the channel, this process included. */
  publish(message: BusMessage): Promise<void>;
  /**
   * Starts delivering messages to `subscriber`; resolves once subscribed.
   * @returns a function that stops delivery.
   */
  subscribe(subscriber: BusSubscriber): Promise<() => Promise<void>>;
  /** Closes what the bus created. Idempotent. */
  dispose(): Promise<void>;
}

import {
  BackendUnavailableError,
  type BusMessage,
  type BusSubscriber,
  ClosedError,
  checkOptionNames,
  type InvalidationBus,
  InvalidationError,
  InvalidOptionsError,
  type PcError,
  TimeoutError,
} from '@pc/core';
import type { Redis } from 'ioredis';
import { disconnectClient } from './disconnect-client.js';
import {
  openRedisConnection,
  type ResolvedConnectionSettings,
  resolveConnectionSettings,
} from './open-redis-connection.js';
import { checkBusMessage, parseBusMessage } from './parse-bus-message.js';
import { reconnectBackoff } from './reconnect-backoff.js';
import { REDIS_BUS_DEFAULTS, type RedisBusOptions } from './redis-bus-options.js';
import type { RedisConnection } from './redis-connection.js';
import { CONNECTION_OPTION_NAMES } from './redis-connection-options.js';
import { subscriberFactory } from './subscriber-factory.js';

interface Waiter {
  resolve(): void;
  reject(error: PcError): void;
}

/**
 * Creates an invalidation bus on Redis pub/sub: `publish` sends a JSON message on
 * the channel; subscribers get every message (their own included) on a dedicated
 * connection. When that connection drops, the bus reconnects with backoff,
 * subscribes again and calls each subscriber's `onGap()`, since messages
 * published in between are lost (pub/sub delivers at most once).
 *
 * @throws `InvalidOptionsError` when an option is missing or out of range.
 */
export function createRedisBus(options: RedisBusOptions): InvalidationBus {
  return new RedisInvalidationBus(options);
}

class RedisInvalidationBus implements InvalidationBus {
  readonly #channel: string;
  readonly #settings: ResolvedConnectionSettings;
  readonly #onError: (error: PcError, raw?: string) => void;
  readonly #createSubscriber: (attempt: number) => Redis;
  readonly #backoff: (attempt: number) => number;
  readonly #publisher: RedisConnection;
  readonly #subscribers = new Set<BusSubscriber>();
  #waiters: Waiter[] = [];
  #subscriberConnection: Redis | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #subscribed = false;
  /** `true` once subscribed, until the last subscriber leaves: a later resubscribe is a gap. */
  #wasSubscribed = false;
  #lastError: unknown;
  #disposed = false;

  constructor(options: RedisBusOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionsError('[pc:redis] createRedisBus needs an options object');
    }
    checkOptionNames('redis', options, [...CONNECTION_OPTION_NAMES, 'channel', 'onError']);
    const channel = options.channel ?? REDIS_BUS_DEFAULTS.channel;
    if (typeof channel !== 'string' || channel === '') {
      throw new InvalidOptionsError('[pc:redis] "channel" must be a non-empty string');
    }
    if (options.onError !== undefined && typeof options.onError !== 'function') {
      throw new InvalidOptionsError('[pc:redis] "onError" must be a function');
    }
    this.#channel = channel;
    this.#settings = resolveConnectionSettings(options);
    this.#onError = options.onError ?? defaultOnError;
    this.#backoff = reconnectBackoff(this.#settings.maxReconnectDelayMilliseconds);
    this.#createSubscriber = subscriberFactory(options, this.#settings);
    this.#publisher = openRedisConnection(options, this.#settings);
  }

  async publish(message: BusMessage): Promise<void> {
    this.#assertOpen();
    const checked = checkBusMessage(message);
    if (typeof checked === 'string') {
      throw new InvalidOptionsError(`[pc:redis] cannot publish this bus message: ${checked}`);
    }
    const text = JSON.stringify(checked);
    const publisher = this.#publisher;
    await publisher.run('publish', () => publisher.client.publish(this.#channel, text));
  }

  async subscribe(subscriber: BusSubscriber): Promise<() => Promise<void>> {
    this.#assertOpen();
    if (typeof subscriber?.onMessage !== 'function') {
      throw new InvalidOptionsError('[pc:redis] subscribe needs an object with onMessage(message)');
    }
    this.#subscribers.add(subscriber);
    try {
      await this.#whenSubscribed();
    } catch (error) {
      this.#subscribers.delete(subscriber);
      this.#stopIfIdle();
      throw error;
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      this.#subscribers.delete(subscriber);
      this.#stopIfIdle();
    };
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#subscribers.clear();
    await Promise.all([
      this.#stopSubscriber(new ClosedError('[pc:redis] the bus was disposed')),
      this.#publisher.close(),
    ]);
  }

  #assertOpen(): void {
    if (this.#disposed) {
      throw new ClosedError('[pc:redis] the bus was disposed; create a new one');
    }
  }

  #whenSubscribed(): Promise<void> {
    if (this.#subscribed) return Promise.resolve();
    this.#open();
    const limit =
      this.#settings.connectTimeoutMilliseconds + this.#settings.commandTimeoutMilliseconds;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== entry);
        reject(
          new TimeoutError(
            `[pc:redis] subscribing to "${this.#channel}" took over ${limit} ms; set ` +
              '"connectTimeoutMilliseconds" or "commandTimeoutMilliseconds" to allow more time',
            { cause: this.#lastError },
          ),
        );
      }, limit);
      const entry: Waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.push(entry);
    });
  }

  /** Opens a subscriber connection unless one is open or scheduled. */
  #open(): void {
    if (this.#disposed || this.#subscriberConnection || this.#reconnectTimer) return;
    const redis = this.#createSubscriber(this.#attempt);
    this.#subscriberConnection = redis;
    redis.on('error', (error: unknown) => {
      this.#lastError = error;
    });
    redis.on('message', (channel: string, raw: string) => {
      if (channel === this.#channel) this.#deliver(raw);
    });
    redis.once('end', () => this.#lost(redis));
    redis.subscribe(this.#channel).then(
      () => this.#onSubscribed(redis),
      (error: unknown) => {
        // The connection failed before subscribing; `end` schedules the next attempt.
        this.#lastError = error;
      },
    );
  }

  #onSubscribed(redis: Redis): void {
    if (this.#subscriberConnection !== redis) return;
    const gap = this.#wasSubscribed;
    this.#attempt = 0;
    this.#subscribed = true;
    this.#wasSubscribed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    if (!gap) return;
    for (const subscriber of this.#subscribers) {
      try {
        subscriber.onGap?.();
      } catch (error) {
        this.#report(
          new InvalidationError('[pc:redis] a bus subscriber threw in onGap', { cause: error }),
        );
      }
    }
  }

  #lost(redis: Redis): void {
    if (this.#subscriberConnection !== redis) return;
    this.#subscriberConnection = undefined;
    const wasSubscribed = this.#subscribed;
    this.#subscribed = false;
    redis.removeAllListeners();
    redis.on('error', ignore);
    void disconnectClient(redis, this.#settings.commandTimeoutMilliseconds);
    const last = this.#lastError instanceof Error ? `: ${this.#lastError.message}` : '';
    const error = new BackendUnavailableError(
      `[pc:redis] the bus subscriber connection for "${this.#channel}" was lost${last}; ` +
        'reconnecting (backoff capped by "maxReconnectDelayMilliseconds")',
      { cause: this.#lastError },
    );
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    if (this.#disposed || this.#subscribers.size === 0) return;
    if (wasSubscribed) this.#report(error);
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#open();
    }, this.#backoff(this.#attempt));
  }

  #deliver(raw: string): void {
    const message = parseBusMessage(raw);
    if (typeof message === 'string') {
      this.#report(
        new InvalidationError(
          `[pc:redis] ignored a malformed message on bus channel "${this.#channel}": ${message}`,
        ),
        raw,
      );
      return;
    }
    for (const subscriber of this.#subscribers) {
      try {
        subscriber.onMessage(message);
      } catch (error) {
        this.#report(
          new InvalidationError('[pc:redis] a bus subscriber threw in onMessage', { cause: error }),
        );
      }
    }
  }

  #stopIfIdle(): void {
    if (this.#subscribers.size > 0) return;
    void this.#stopSubscriber(
      new BackendUnavailableError('[pc:redis] the bus stopped: no subscriber is left'),
    );
  }

  /** Stops the subscriber; resolves once its connection has closed. */
  #stopSubscriber(reason: PcError): Promise<void> {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const redis = this.#subscriberConnection;
    this.#subscriberConnection = undefined;
    this.#subscribed = false;
    this.#wasSubscribed = false;
    this.#attempt = 0;
    let closed = Promise.resolve();
    if (redis !== undefined) {
      redis.removeAllListeners();
      redis.on('error', ignore);
      closed = disconnectClient(redis, this.#settings.commandTimeoutMilliseconds);
    }
    for (const waiter of this.#waiters.splice(0)) waiter.reject(reason);
    return closed;
  }

  #report(error: PcError, raw?: string): void {
    try {
      this.#onError(error, raw);
    } catch {
      // onError must not break message delivery.
    }
  }
}

function defaultOnError(error: PcError): void {
  process.emitWarning(error.message, { code: error.code });
}

function ignore(): void {}

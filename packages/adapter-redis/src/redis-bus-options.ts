import type { PcError } from '@pc/core';
import {
  REDIS_CONNECTION_DEFAULTS,
  type RedisConnectionOptions,
} from './redis-connection-options.js';

/**
 * Options of `createRedisBus`. The connection options are the adapter's; the bus
 * publishes on that connection and subscribes on a dedicated one it creates (for an
 * injected `client`, a duplicate of it, which the bus owns and closes).
 */
export interface RedisBusOptions extends RedisConnectionOptions {
  /**
   * Pub/sub channel. Every process that must stay in sync uses the same channel;
   * unrelated applications on the same Redis use different ones.
   * @default 'pc:invalidation'
   */
  readonly channel?: string;
  /**
   * Receives what the bus cannot act on: malformed messages (not JSON, or not a
   * `BusMessage`; `raw` holds the text), subscriber callbacks that threw, and lost
   * subscriber connections. Never throws into the caller.
   * @default emits a process warning (`process.emitWarning`)
   */
  readonly onError?: (error: PcError, raw?: string) => void;
}

/** Defaults of `RedisBusOptions`. */
export const REDIS_BUS_DEFAULTS = {
  ...REDIS_CONNECTION_DEFAULTS,
  channel: 'pc:invalidation',
} as const;

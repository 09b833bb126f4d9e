import {
  REDIS_CONNECTION_DEFAULTS,
  type RedisConnectionOptions,
} from './redis-connection-options.js';

/** Options of `createRedisAdapter`. */
export interface RedisAdapterOptions extends RedisConnectionOptions {
  /**
   * The namespace this adapter serves; part of every Redis key. 1 to 64 characters
   * of `[A-Za-z0-9_.-]`. Required.
   */
  readonly namespace: string;
  /**
   * First part of every Redis key, so pc's keys are easy to tell apart from other
   * applications' keys on the same server: keys look like
   * `<keyPrefix>:<namespace>:<your key>`. 1 to 64 characters of `[A-Za-z0-9_.-]`.
   * @default 'pc'
   */
  readonly keyPrefix?: string;
  /**
   * Largest payload stored, in UTF-8 bytes; larger ones reject with
   * `ValueTooLargeError` before anything is written. A guard rail for a shared,
   * single-threaded server; Redis itself stops at 512 MiB.
   * @default 16777216 (16 MiB)
   */
  readonly maxValueBytes?: number;
}

/** Defaults of `RedisAdapterOptions`. */
export const REDIS_ADAPTER_DEFAULTS = {
  ...REDIS_CONNECTION_DEFAULTS,
  keyPrefix: 'pc',
  maxValueBytes: 16 * 1024 * 1024,
} as const;

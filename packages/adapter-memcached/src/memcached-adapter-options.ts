import type { Duration } from '@pc/core';
import type { MemcachedClient } from './memcached-client.js';

/**
 * Options of `createMemcachedAdapter`. Everything is optional: without `servers`
 * or `client` the adapter talks to one memcached on `127.0.0.1:11211`.
 */
export interface MemcachedAdapterOptions {
  /**
   * One server (`"host:port"`), a pool (`["host:port", ...]`), or a pool with
   * weights (`{ "host:port": 2, ... }`). A pool spreads keys by consistent
   * hashing (ketama, placing keys exactly as the `memcached` 2.x client did), so
   * adding or removing a server moves only about `1/n` of the keys. Every process
   * sharing the cache must list the same servers.
   * Ignored when `client` is given.
   * @default "127.0.0.1:11211"
   */
  readonly servers?: string | readonly string[] | Readonly<Record<string, number>>;
  /**
   * A client from `createMemcachedClient` to use instead of creating one, e.g.
   * one client shared by the adapters of several namespaces (one set of
   * connections). The adapter never closes it (`dispose()` leaves it open and
   * rejects only this adapter's calls still running). `servers`,
   * `retryDelayMilliseconds`, `poolSize` and `idleMilliseconds` are then the
   * client's; `timeoutMilliseconds` still bounds every call of this adapter.
   * @default undefined
   */
  readonly client?: MemcachedClient;
  /**
   * The namespace this adapter serves; part of every memcached key. 1 to 64
   * characters of `[A-Za-z0-9_.-]`. `clear()` empties exactly this namespace.
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * First part of every memcached key, so pc's keys never meet other data on a
   * shared server: `<keyPrefix>:<namespace>:...`. 1 to 64 characters of `[A-Za-z0-9_.-]`.
   * @default "pc"
   */
  readonly keyPrefix?: string;
  /**
   * Deadline of every adapter operation, in milliseconds, including connecting.
   * An operation that has no answer by then rejects with `TimeoutError`.
   * @default 500
   */
  readonly timeoutMilliseconds?: Duration;
  /**
   * After a connection failure (refused, reset with requests in flight), how
   * long a server is skipped, in milliseconds: operations on its keys fail at
   * once with `BackendUnavailableError` instead of waiting, and the next
   * operation after the delay tries to connect again. Each further failed
   * attempt doubles the wait, up to 8 times this value; a connection that opens
   * resets it. `0` tries to connect on every operation. An error reply to one
   * command (`SERVER_ERROR`, e.g. out of memory) never skips a server. Ignored
   * when `client` is given.
   * @default 1000
   */
  readonly retryDelayMilliseconds?: Duration;
  /**
   * The servers' item size limit in bytes (memcached `-I`; 1 MiB unless changed).
   * The largest accepted payload is derived from it (`capabilities.maxValueBytes`).
   * Must not exceed the smallest `-I` of the pool.
   * @default 1_048_576
   */
  readonly itemSizeBytes?: number;
  /**
   * Most connections kept open to each server. Requests are pipelined, so one
   * connection carries any number of operations, and with one, memcached
   * processes this process's commands to a server in the order they were sent
   * (a read sent after a delete sees the delete). More connections spread heavy
   * traffic over memcached's worker threads, but then a command may overtake one
   * sent just before it on another connection. Ignored when `client` is given.
   * @default 1
   */
  readonly poolSize?: number;
  /**
   * How long a connection without traffic stays open, in milliseconds. Ignored when
   * `client` is given.
   * @default 5000
   */
  readonly idleMilliseconds?: Duration;
}

/** Defaults of every optional `MemcachedAdapterOptions` member. */
export const MEMCACHED_ADAPTER_DEFAULTS = {
  servers: '127.0.0.1:11211',
  client: undefined,
  namespace: 'default',
  keyPrefix: 'pc',
  timeoutMilliseconds: 500,
  retryDelayMilliseconds: 1000,
  itemSizeBytes: 1_048_576,
  poolSize: 1,
  idleMilliseconds: 5000,
} as const;

import type { Duration } from '@pc/core';
/**
 * Options of `createMemcachedClient`. Everything is optional: without `servers`
 * the client talks to one memcached on `127.0.0.1:11211`.
 */
export interface MemcachedClientOptions {
  /**
   * One server (`"host:port"`), a pool (`["host:port", ...]`), or a pool with
   * weights (`{ "host:port": 2, ... }`). A pool spreads keys by consistent
   * hashing (ketama, as the `memcached` 2.x client did, so keys stay where they
   * were), and adding or removing a server moves only about `1/n` of the keys.
   * Every process sharing the cache must list the same servers.
   * @default "127.0.0.1:11211"
   */
  readonly servers?: string | readonly string[] | Readonly<Record<string, number>>;
  /**
   * Deadline of a call that does not pass its own, in milliseconds, connecting
   * included. A call with no complete answer by then rejects with `TimeoutError`.
   * @default 500
   */
  readonly timeoutMilliseconds?: Duration;
  /**
   * After a connection failure (refused, reset with requests in flight), how long
   * the server is skipped, in milliseconds: calls that need it fail at once with
   * `BackendUnavailableError`, then the next call tries to connect again. Each
   * further failed attempt doubles the wait, up to 8 times this value; a
   * connection that opens resets it. `0` tries to connect on every call. An error
   * reply to one command (`SERVER_ERROR`) never skips a server.
   * @default 1000
   */
  readonly retryDelayMilliseconds?: Duration;
  /**
   * Most connections kept open to each server. Requests are pipelined, so one
   * connection carries any number of calls, and with one, memcached processes
   * this process's commands to a server in the order they were sent. More
   * connections spread heavy traffic over memcached's worker threads, but then
   * a command may overtake one sent just before it on another connection.
   * @default 1
   */
  readonly poolSize?: number;
  /**
   * How long a connection without traffic stays open, in milliseconds.
   * @default 5000
   */
  readonly idleMilliseconds?: Duration;
}

/** Defaults of every optional `MemcachedClientOptions` member. */
export const MEMCACHED_CLIENT_DEFAULTS = {
  servers: '127.0.0.1:11211',
  timeoutMilliseconds: 500,
  retryDelayMilliseconds: 1000,
  poolSize: 1,
  idleMilliseconds: 5000,
} as const;

/** Options of one call of a `MemcachedClient`. */
export interface MemcachedCallOptions {
  /**
   * Deadline of this call in milliseconds (default: the client's
   * `timeoutMilliseconds`). The commands stay on the wire after a timeout; their
   * replies are read and dropped.
   */
  readonly timeoutMilliseconds?: number;
  /** Rejects the call with `signal.reason` when aborted (same as a timeout on the wire). */
  readonly signal?: AbortSignal;
  /**
   * The caller's operation this call is part of, named in error messages
   * (`[pc:memcached] set (get) on ...` when an adapter's `set` fails reading a
   * record with `get`).
   * @default the command itself (`"get"`, `"set"`, ...)
   */
  readonly operation?: string;
}

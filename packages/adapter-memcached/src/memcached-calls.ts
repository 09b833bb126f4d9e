import { clearTimeout, setTimeout } from 'node:timers';
import { BackendUnavailableError, ClosedError, TimeoutError } from '@pc/core';
import type Memcached from 'memcached';

type Callback<T> = (error: unknown, result: T) => void;

/** What `gets` returned for one key. */
export interface CasValue {
  /** The stored value, as the client decoded it (a string for pc's own items). */
  readonly value: unknown;
  /** memcached's cas unique of the item, for `cas`. */
  readonly unique: string;
}

/**
 * Promise wrappers around one `memcached` client, with a deadline per call and
 * typed errors. Deadlines use `node:timers` (not the global `setTimeout`), so a
 * test that fakes timers neither stalls nor fires them: I/O runs on the wall clock.
 */
export class MemcachedCalls {
  readonly #client: Memcached;
  readonly #timeoutMilliseconds: number;
  readonly #servers: readonly string[];
  readonly #pending = new Set<(error: Error) => void>();
  /** Calls in flight, oldest first (see `#track`). */
  #head: PendingCall | undefined;
  #tail: PendingCall | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(client: Memcached, timeoutMilliseconds: number) {
    this.#client = client;
    this.#timeoutMilliseconds = timeoutMilliseconds;
    this.#servers = (client as unknown as { servers: string[] }).servers;
  }

  /** Every server of the client, as it routes to them. */
  get servers(): readonly string[] {
    return this.#servers;
  }

  /** The server `key` lives on, computed as the client does. */
  serverFor(key: string): string {
    if (this.#servers.length === 1) return this.#servers[0]!;
    return (this.#client as unknown as { HashRing: { get(key: string): string } }).HashRing.get(
      key,
    );
  }

  /**
   * One `get k1 k2 ...` per server involved, sent in parallel.
   * @returns the values found, by key; misses are absent.
   */
  async getMulti(keys: readonly string[]): Promise<Map<string, unknown>> {
    if (keys.length === 0) return new Map();
    const found = await this.#call<Record<string, unknown> | undefined>('get', keys, (callback) =>
      this.#client.getMulti([...keys], callback),
    );
    return new Map(Object.entries(found ?? {}));
  }

  /** Stores `value` under `key`; rejects when the server refuses it. */
  async set(key: string, value: string, exptime: number): Promise<void> {
    const stored = await this.#call<boolean>('set', [key], (callback) =>
      this.#client.set(key, value, exptime, callback),
    );
    if (stored !== true) {
      throw new BackendUnavailableError(
        `[pc:memcached] ${this.serverFor(key)} refused to store an item (SERVER_ERROR; out of memory?)`,
      );
    }
  }

  /**
   * Stores `value` only if `key` is absent (an item memcached itself expired
   * counts as absent). @returns whether it was stored: `false` on NOT_STORED.
   * Rejects when the server refuses the item (SERVER_ERROR), which the client
   * reports as a bare `false`, so that it never reads as "present".
   */
  async add(key: string, value: string, exptime: number): Promise<boolean> {
    return this.#call<boolean>('add', [key], (callback) =>
      this.#client.add(key, value, exptime, (error: unknown, stored: boolean) => {
        if ((error as { notStored?: boolean } | undefined)?.notStored === true) {
          callback(undefined, false);
        } else if (!isError(error) && stored !== true) {
          callback(
            new Error(
              `${this.serverFor(key)} refused to store an item (SERVER_ERROR; out of memory?)`,
            ),
            false,
          );
        } else {
          callback(error, stored);
        }
      }),
    );
  }

  /**
   * `gets`: the value of `key` with its cas unique, for a later `cas`.
   * @returns `undefined` when the key is absent.
   */
  async gets(key: string): Promise<CasValue | undefined> {
    const found = await this.#call<Record<string, unknown> | undefined>('gets', [key], (callback) =>
      this.#client.gets(key, callback),
    );
    // A hit is `{ [key]: value, cas: unique }`; a miss is `undefined`.
    if (typeof found !== 'object' || found === null || typeof found.cas !== 'string') {
      return undefined;
    }
    return { value: found[key], unique: found.cas };
  }

  /**
   * Stores `value` only if `key` still holds the item `gets` returned `unique`
   * for. A negative `exptime` stores an item that is expired at once: a delete
   * under the same condition.
   * @returns `true` when stored. EXISTS (changed since), NOT_FOUND (deleted,
   * expired or evicted since) and a refusal (SERVER_ERROR) all come back from
   * the client as `false`; none of them wrote anything.
   */
  async cas(key: string, value: string, unique: string, exptime: number): Promise<boolean> {
    const stored = await this.#call<boolean>('cas', [key], (callback) =>
      this.#client.cas(key, value, unique, exptime, callback),
    );
    return stored === true;
  }

  /** @returns `true` when the key existed. */
  async delete(key: string): Promise<boolean> {
    const deleted = await this.#call<boolean>('delete', [key], (callback) =>
      this.#client.del(key, callback),
    );
    return deleted === true;
  }

  /** Rejects every call still waiting with `ClosedError`. */
  abortPending(): void {
    const error = new ClosedError(
      '[pc:memcached] the adapter was disposed while the operation ran',
    );
    for (const reject of [...this.#pending]) reject(error);
    // Nothing is in flight any more: the deadline timer must not keep the process alive.
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#head = undefined;
    this.#tail = undefined;
  }

  #call<T>(
    command: string,
    keys: readonly string[],
    run: (callback: Callback<T>) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call = new PendingCall(
        performance.now() + this.#timeoutMilliseconds,
        (error: Error | undefined, result?: unknown) => {
          if (!this.#pending.delete(fail)) return;
          call.done = true;
          this.#settled();
          clearTimeout(retry);
          if (error === undefined) resolve(result as T);
          else reject(error);
        },
      );
      const settle = call.settle;
      const servers = () => [...new Set(keys.map((key) => this.serverFor(key)))].join(', ');
      call.timeoutError = () =>
        new TimeoutError(
          `[pc:memcached] ${command} on ${servers()} got no answer within ${this.#timeoutMilliseconds} ms; raise "timeoutMilliseconds" if the server is just slow`,
        );
      let retry: NodeJS.Timeout | undefined;
      const fail = (error: Error) => settle(error);
      const attempt = () => {
        try {
          run((error, result) => {
            if (!this.#pending.has(fail)) return;
            if (!isError(error)) {
              settle(undefined, result);
            } else if (isPoolFull(error)) {
              // Every connection of the pool is still being opened (a burst right
              // after start-up): nothing was sent, so try again until the deadline.
              retry = setTimeout(attempt, POOL_FULL_RETRY_MILLISECONDS);
            } else {
              settle(
                new BackendUnavailableError(
                  `[pc:memcached] ${command} on ${servers()} failed: ${describe(error)}`,
                  { cause: error },
                ),
              );
            }
          });
        } catch (error) {
          settle(
            new BackendUnavailableError(`[pc:memcached] ${command} failed: ${describe(error)}`, {
              cause: error,
            }),
          );
        }
      };
      this.#pending.add(fail);
      this.#track(call);
      attempt();
    });
  }

  /*
   * Deadlines: one timer for all calls rather than one per call. Calls join a FIFO
   * queue in start order; with one timeout length their deadlines are in the same
   * order, so the timer only needs the head's. Settled calls leave from the head;
   * the timer re-arms for the next head when it fires, so steady traffic costs
   * no timer work per call.
   */
  #track(call: PendingCall): void {
    const tail = this.#tail;
    if (tail === undefined) this.#head = call;
    else tail.next = call;
    this.#tail = call;
    if (this.#timer === undefined) this.#arm(this.#timeoutMilliseconds);
  }

  #settled(): void {
    let head = this.#head;
    while (head?.done) head = head.next;
    this.#head = head;
    if (head === undefined) this.#tail = undefined;
  }

  #arm(delayMilliseconds: number): void {
    this.#timer = setTimeout(this.#sweep, Math.max(1, Math.ceil(delayMilliseconds)));
  }

  readonly #sweep = (): void => {
    this.#timer = undefined;
    const now = performance.now();
    let head = this.#head;
    while (head !== undefined && (head.done || head.deadline <= now)) {
      // `settle` marks it done and moves the queue on.
      if (!head.done) head.settle(head.timeoutError());
      head = head.next;
    }
    this.#head = head;
    if (head === undefined) this.#tail = undefined;
    else this.#arm(head.deadline - now);
  };
}

/** One call in flight, in the deadline queue of its `MemcachedCalls`. */
class PendingCall {
  next: PendingCall | undefined = undefined;
  done = false;
  /** `performance.now()` value after which the call times out. */
  readonly deadline: number;
  readonly settle: (error: Error | undefined, result?: unknown) => void;
  timeoutError: () => Error = () => new Error('timeout');

  constructor(deadline: number, settle: (error: Error | undefined, result?: unknown) => void) {
    this.deadline = deadline;
    this.settle = settle;
  }
}

/** Message of the client's connection pool when all its connections are still connecting. */
export const POOL_FULL_MESSAGE = 'The connection pool is full';
const POOL_FULL_RETRY_MILLISECONDS = 1;

/** `true` when every error the client reported is "pool full" (so nothing was sent). */
function isPoolFull(error: unknown): boolean {
  const errors = Array.isArray(error) ? error : [error];
  return errors.every((each) => describe(each).includes(POOL_FULL_MESSAGE));
}

/** The client reports errors as an `Error`, a string, or (multi-get) an array of them. */
function isError(error: unknown): boolean {
  if (error === undefined || error === null || error === false) return false;
  return !Array.isArray(error) || error.length > 0;
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map(describe).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}

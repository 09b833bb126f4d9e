import { type PcError, wrapBackendError } from '@pc/core';

/**
 * One client call in flight (a `get` of many keys spans one request per server):
 * its promise, its deadline, and how many requests still owe a reply. It settles
 * once; replies that arrive after that (the call timed out, or another server's
 * request failed) are read and dropped by their connection.
 */
export class MemcachedCall<T = unknown> {
  /** Next call in its deadline queue (calls of one timeout length, oldest first). */
  next: MemcachedCall | undefined = undefined;
  done = false;
  /** `performance.now()` after which the call times out. */
  readonly deadline: number;
  readonly command: string;
  /** What error messages name: the caller's operation (see `MemcachedCallOptions.operation`). */
  readonly operation: string;
  readonly timeoutMilliseconds: number;
  /** Servers asked, for error messages. */
  readonly servers: string[] = [];
  /** Requests still owing a reply. */
  outstanding = 0;
  /** Called once when the call settles (the client untracks it). */
  onSettled: ((call: MemcachedCall) => void) | undefined = undefined;

  // Stored without T, so a call of any result type is a `MemcachedCall`.
  readonly #resolve: (value: unknown) => void;
  readonly #reject: (error: Error) => void;
  #result: unknown;
  #finish: (() => unknown) | undefined;

  constructor(
    command: string,
    operation: string,
    timeoutMilliseconds: number,
    resolve: (value: T) => void,
    reject: (error: Error) => void,
  ) {
    this.command = command;
    this.operation = operation;
    this.timeoutMilliseconds = timeoutMilliseconds;
    this.deadline = performance.now() + timeoutMilliseconds;
    this.#resolve = resolve as (value: unknown) => void;
    this.#reject = reject;
  }

  /** Sets what the call resolves with once every request has replied. */
  set result(value: T) {
    this.#result = value;
  }

  get result(): T | undefined {
    return this.#result as T | undefined;
  }

  /** Computes the result when the last request has replied (instead of `result`). */
  finishWith(finish: () => T): void {
    this.#finish = finish;
  }

  /** One request replied; the last one resolves the call. */
  replied(): void {
    if (this.done) return;
    this.outstanding--;
    if (this.outstanding !== 0) return;
    if (this.#finish !== undefined) this.#result = this.#finish();
    this.#settle(undefined);
  }

  /** Rejects the call (first error wins). */
  fail(error: Error): void {
    if (!this.done) this.#settle(error);
  }

  /** Rejects with `TimeoutError` when the deadline passed without all replies. */
  expire(): void {
    if (this.done) return;
    this.#settle(this.failure(undefined, this.servers.join(', '), { timedOut: true }));
  }

  /** The typed error of this call failing on `address` (cause, operation, command, hint). */
  failure(
    cause: unknown,
    address: string,
    extra: { readonly timedOut?: boolean; readonly hint?: string } = {},
  ): PcError {
    return wrapBackendError(cause, {
      adapter: 'memcached',
      operation: this.operation,
      step: this.command,
      address,
      deadline: { milliseconds: this.timeoutMilliseconds, option: 'timeoutMilliseconds' },
      ...extra,
    });
  }

  #settle(error: Error | undefined): void {
    this.done = true;
    this.onSettled?.(this);
    if (error === undefined) this.#resolve(this.#result);
    else this.#reject(error);
  }
}

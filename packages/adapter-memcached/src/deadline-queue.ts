import { clearTimeout, setImmediate, setTimeout } from 'node:timers';
import type { MemcachedCall } from './memcached-call.js';

/**
 * Deadlines of calls that share one timeout length, on one timer rather than one
 * per call. Calls join in start order, so their deadlines are in the same order
 * and the timer only needs the oldest one's; settled calls leave from the front,
 * and the timer re-arms for the next call only when it fires, so steady traffic
 * costs no timer work per call.
 *
 * When the timer fires, expiry waits for the `setImmediate` after it: the event
 * loop reads the sockets in between, so a reply that arrived while the process
 * was busy (a loaded machine runs timers late) settles its call instead of a
 * timeout. The timer keeps the process alive only while calls are pending.
 *
 * Timers come from `node:timers`, not the globals, so a test that fakes timers
 * neither stalls nor fires them: I/O runs on the wall clock.
 */
export class DeadlineQueue {
  readonly #onExpired: (call: MemcachedCall) => void;
  #head: MemcachedCall | undefined;
  #tail: MemcachedCall | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sweepScheduled = false;

  /** @param onExpired runs for each call whose deadline passed without it settling. */
  constructor(onExpired: (call: MemcachedCall) => void) {
    this.#onExpired = onExpired;
  }

  add(call: MemcachedCall): void {
    const tail = this.#tail;
    if (tail === undefined) this.#head = call;
    else tail.next = call;
    this.#tail = call;
    if (this.#timer === undefined) {
      if (!this.#sweepScheduled) this.#arm(call.deadline - performance.now());
    } else if (!this.#timer.hasRef()) {
      this.#timer.ref();
    }
  }

  /** Drops settled calls from the front; lets the process exit when none is left. */
  settled(): void {
    let head = this.#head;
    while (head?.done) head = head.next;
    this.#head = head;
    if (head === undefined) {
      this.#tail = undefined;
      this.#timer?.unref();
    }
  }

  /** Forgets every call and stops the timer (the client is closing). */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#head = undefined;
    this.#tail = undefined;
  }

  #arm(delayMilliseconds: number): void {
    this.#timer = setTimeout(this.#fire, Math.max(1, Math.ceil(delayMilliseconds)));
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    if (this.#head === undefined) return;
    this.#sweepScheduled = true;
    setImmediate(this.#sweep);
  };

  readonly #sweep = (): void => {
    this.#sweepScheduled = false;
    const now = performance.now();
    let head = this.#head;
    while (head !== undefined && (head.done || head.deadline <= now)) {
      if (!head.done) this.#onExpired(head);
      head = head.next;
    }
    this.#head = head;
    if (head === undefined) this.#tail = undefined;
    else if (this.#timer === undefined) this.#arm(head.deadline - now);
  };
}

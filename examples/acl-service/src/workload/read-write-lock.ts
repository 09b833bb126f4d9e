/**
 * Reads run together; a write runs alone. The workload holds the write side while
 * it writes and re-reads, so no other client's write can land between its write,
 * its read through the service and its read of the database truth: any
 * difference between the two reads is then a stale read, never a race.
 */
export class ReadWriteLock {
  #readers = 0;
  #writer = false;
  #waitingWriters = 0;
  #waiting: Array<() => void> = [];

  async read<R>(fn: () => Promise<R>): Promise<R> {
    while (this.#writer || this.#waitingWriters > 0) await this.#wait();
    this.#readers += 1;
    try {
      return await fn();
    } finally {
      this.#readers -= 1;
      this.#wake();
    }
  }

  async write<R>(fn: () => Promise<R>): Promise<R> {
    this.#waitingWriters += 1;
    while (this.#writer || this.#readers > 0) await this.#wait();
    this.#waitingWriters -= 1;
    this.#writer = true;
    try {
      return await fn();
    } finally {
      this.#writer = false;
      this.#wake();
    }
  }

  #wait(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }
}

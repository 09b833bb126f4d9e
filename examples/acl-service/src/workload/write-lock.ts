/**
 * Writes run one at a time; reads never wait. The workload holds the lock while
 * it writes and re-reads, so no other client's write can land between its write,
 * its read through the service and its read of the database truth: any
 * difference between the two reads is then a stale read, never a race between
 * writes. Reads of other clients keep running meanwhile, including reads of the
 * very keys being written: a load that races an invalidation is exactly what the
 * cache must not let through, so the check covers it rather than avoiding it.
 */
export class WriteLock {
  #tail: Promise<void> = Promise.resolve();

  async write<R>(fn: () => Promise<R>): Promise<R> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

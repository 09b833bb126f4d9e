import type { EventHub } from '../events/event-hub.js';
import { PendingInvalidations } from '../transactions/pending-invalidations.js';

interface Job {
  readonly keys: readonly string[];
  readonly tags: readonly string[];
  readonly all: boolean;
}

/** Settings of an `InvalidationRetryQueue`. */
export interface InvalidationRetryQueueOptions {
  /** Applies an invalidation's shared part (L2, bus); rejects on failure. */
  apply(keys: readonly string[], tags: readonly string[], all: boolean): Promise<void>;
  readonly events: EventHub;
  /** First retry delay, in milliseconds; doubles per failed attempt. */
  readonly baseDelayMilliseconds: number;
  /** Longest delay between attempts, in milliseconds. */
  readonly maxDelayMilliseconds: number;
  /** Called once a queued invalidation went through (drops local state again). */
  onSettled(keys: readonly string[], tags: readonly string[], all: boolean): void;
  /** Called whenever `pending` may have changed. */
  onPendingChange(): void;
}

/**
 * Failed invalidations of `invalidationFailure: 'queue'`, retried in the
 * background with exponential backoff until they succeed or the cache is
 * disposed. Queued jobs are merged into one (invalidations are idempotent), and
 * what they name bypasses the cache in this process while they wait.
 */
export class InvalidationRetryQueue {
  readonly #options: InvalidationRetryQueueOptions;
  #job: PendingInvalidations | undefined;
  /** The job being retried right now: still blocks reads until it succeeds. */
  #retrying: PendingInvalidations | undefined;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #disposed = false;

  constructor(options: InvalidationRetryQueueOptions) {
    this.#options = options;
  }

  /** What is waiting for a retry; `undefined` when nothing is. */
  get pending(): PendingInvalidations | undefined {
    return this.#job ?? this.#retrying;
  }

  add(keys: readonly string[], tags: readonly string[], all: boolean, error: unknown): void {
    if (this.#disposed) return;
    this.#job ??= new PendingInvalidations(this.#retrying);
    this.#job.add(keys, tags, all);
    const events = this.#options.events;
    if (events.wanted['invalidation-queued']) {
      events.emit('invalidation-queued', { keys, tags, error });
    }
    this.#options.onPendingChange();
    if (!this.#running && this.#timer === undefined) this.#schedule();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#job = undefined;
    this.#retrying = undefined;
  }

  #schedule(): void {
    const { baseDelayMilliseconds, maxDelayMilliseconds } = this.#options;
    const delay = Math.min(maxDelayMilliseconds, baseDelayMilliseconds * 2 ** this.#attempt);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#retry();
    }, delay);
    this.#timer.unref?.();
  }

  async #retry(): Promise<void> {
    const job = this.#job;
    if (job === undefined || this.#disposed) return;
    // New failures arriving during this attempt start a new job.
    this.#job = undefined;
    this.#retrying = job;
    this.#running = true;
    this.#attempt += 1;
    const snapshot: Job = { keys: [...job.keys], tags: [...job.tags], all: job.all };
    const events = this.#options.events;
    try {
      await this.#options.apply(snapshot.keys, snapshot.tags, snapshot.all);
      this.#options.onSettled(snapshot.keys, snapshot.tags, snapshot.all);
      if (events.wanted['invalidation-retry']) {
        events.emit('invalidation-retry', { attempt: this.#attempt, succeeded: true });
      }
      this.#attempt = 0;
    } catch (error) {
      if (this.#disposed) return;
      const merged = new PendingInvalidations(undefined);
      merged.absorb(job);
      if (this.#job !== undefined) merged.absorb(this.#job);
      this.#job = merged;
      if (events.wanted['invalidation-retry']) {
        events.emit('invalidation-retry', { attempt: this.#attempt, succeeded: false, error });
      }
    } finally {
      this.#running = false;
      this.#retrying = undefined;
      this.#options.onPendingChange();
    }
    if (this.#job !== undefined && !this.#disposed) this.#schedule();
  }
}

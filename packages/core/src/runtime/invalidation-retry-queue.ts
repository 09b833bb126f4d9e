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
 * background with exponential backoff until they succeed. Queued jobs are merged
 * into one (invalidations are idempotent), and what they name bypasses the cache
 * in this process while they wait. Nothing queued disappears silently: `close()`
 * (the cache's dispose) makes a last attempt and reports what it could not apply,
 * and so does a process that is about to exit with work queued (`beforeExit`).
 */
export class InvalidationRetryQueue {
  readonly #options: InvalidationRetryQueueOptions;
  #job: PendingInvalidations | undefined;
  /** The job being retried right now: still blocks reads until it succeeds. */
  #retrying: PendingInvalidations | undefined;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  #exitAttempted = false;
  readonly #onBeforeExit = () => void this.#lastAttempt('the process is exiting');

  constructor(options: InvalidationRetryQueueOptions) {
    this.#options = options;
  }

  /** What is waiting for a retry; `undefined` when nothing is. */
  get pending(): PendingInvalidations | undefined {
    return this.#job ?? this.#retrying;
  }

  add(keys: readonly string[], tags: readonly string[], all: boolean, error: unknown): void {
    if (this.#closed) return;
    if (this.#job === undefined && this.#retrying === undefined) {
      process.on('beforeExit', this.#onBeforeExit);
    }
    this.#job ??= new PendingInvalidations(this.#retrying);
    this.#job.add(keys, tags, all);
    const events = this.#options.events;
    if (events.wanted['invalidation-queued']) {
      events.emit('invalidation-queued', { keys, tags, error });
    }
    this.#options.onPendingChange();
    if (this.#running === undefined && this.#timer === undefined) this.#schedule();
  }

  /**
   * Stops retrying after one last attempt at what is queued.
   * @returns the job that could not be applied and why, or `undefined`.
   */
  async close(): Promise<{ job: Job; error: unknown } | undefined> {
    if (this.#closed) return undefined;
    const dropped = await this.#lastAttempt('the cache was disposed');
    this.#closed = true;
    return dropped;
  }

  async #lastAttempt(why: string): Promise<{ job: Job; error: unknown } | undefined> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    const job = this.#job;
    if (job === undefined) return undefined;
    this.#exitAttempted = true;
    const failure = await this.#retry();
    if (failure === undefined) return undefined;
    this.#job = undefined;
    this.#finish();
    const { events } = this.#options;
    const { keys, tags, all } = failure.job;
    if (events.wanted['invalidation-dropped']) {
      events.emit('invalidation-dropped', { keys, tags, clear: all, error: failure.error });
    }
    if (why === 'the process is exiting') {
      process.emitWarning(
        `[pc:cache] ${why} with queued invalidations that failed again (${keys.length} key(s), ${tags.length} tag(s)${all ? ', a clear' : ''}); entries they name may still be readable in the shared cache`,
        { code: 'PC_INVALIDATION_DROPPED' },
      );
    }
    return failure;
  }

  #schedule(): void {
    const { baseDelayMilliseconds, maxDelayMilliseconds } = this.#options;
    const delay = Math.min(maxDelayMilliseconds, baseDelayMilliseconds * 2 ** this.#attempt);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#retry();
    }, delay);
    // The timer must not keep the process alive; `beforeExit` makes the last attempt.
    this.#timer.unref?.();
  }

  /** One attempt at the queued job. @returns the failure, or `undefined` on success. */
  async #retry(): Promise<{ job: Job; error: unknown } | undefined> {
    const job = this.#job;
    if (job === undefined || this.#closed) return undefined;
    // New failures arriving during this attempt start a new job.
    this.#job = undefined;
    this.#retrying = job;
    this.#attempt += 1;
    const snapshot: Job = { keys: [...job.keys], tags: [...job.tags], all: job.all };
    const events = this.#options.events;
    let done!: () => void;
    this.#running = new Promise((resolve) => {
      done = resolve;
    });
    let failure: { job: Job; error: unknown } | undefined;
    try {
      await this.#options.apply(snapshot.keys, snapshot.tags, snapshot.all);
      this.#options.onSettled(snapshot.keys, snapshot.tags, snapshot.all);
      if (events.wanted['invalidation-retry']) {
        events.emit('invalidation-retry', { attempt: this.#attempt, succeeded: true });
      }
      this.#attempt = 0;
    } catch (error) {
      const merged = new PendingInvalidations(undefined);
      merged.absorb(job);
      if (this.#job !== undefined) merged.absorb(this.#job);
      this.#job = merged;
      failure = { job: { keys: [...merged.keys], tags: [...merged.tags], all: merged.all }, error };
      if (events.wanted['invalidation-retry']) {
        events.emit('invalidation-retry', { attempt: this.#attempt, succeeded: false, error });
      }
    } finally {
      this.#retrying = undefined;
      this.#running = undefined;
      done();
    }
    if (this.#job !== undefined && !this.#closed && !this.#exitAttempted) this.#schedule();
    if (this.#job === undefined) this.#finish();
    else this.#options.onPendingChange();
    return failure;
  }

  #finish(): void {
    process.off('beforeExit', this.#onBeforeExit);
    this.#exitAttempted = false;
    this.#options.onPendingChange();
  }
}

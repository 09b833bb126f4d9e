import type { BusMessage, InvalidationBus } from '../contracts/invalidation-bus.js';
import { newVersion } from '../entries/new-version.js';
import { TAG_EPOCH_KEY } from '../entries/reserved-keys.js';
import { InvalidationError } from '../errors/invalidation-error.js';
import type { NamespaceCounters } from '../events/stats-recorder.js';
import { hasDependencyTagKey } from '../tags/dependency-tags.js';
import { invalidationError } from '../tags/invalidation-error-of.js';
import type { PendingInvalidations } from '../transactions/pending-invalidations.js';
import type { CacheRuntime } from './cache-runtime.js';
import { InvalidationRetryQueue } from './invalidation-retry-queue.js';
import type { RuntimeOptions } from './runtime-options.js';

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * The write side of a root cache: invalidations (L2 deletes, tag epoch and
 * versions, or the adapter's clear; this process's flights and L1 before and
 * after; the bus), their deferral in transactions and their retry queue, and the
 * bus notices of plain writes.
 *
 * Deleting a key also deletes any lease on it, which is what keeps a load that
 * raced the invalidation, in any process, from storing its value: its fill is
 * conditional on the lease (see docs/decisions/fill-leases.md).
 */
export class Invalidations {
  readonly #runtime: CacheRuntime;
  readonly #bus: InvalidationBus | undefined;
  readonly #failure: 'reject' | 'queue';
  readonly #queue: InvalidationRetryQueue;

  constructor(runtime: CacheRuntime, options: RuntimeOptions) {
    this.#runtime = runtime;
    this.#bus = options.bus;
    this.#failure = options.invalidationFailure;
    this.#queue = new InvalidationRetryQueue({
      apply: (keys, tags, all) => this.#applyShared(keys, tags, all),
      events: runtime.events,
      baseDelayMilliseconds: options.invalidationRetryDelayMilliseconds,
      maxDelayMilliseconds: options.invalidationRetryMaxDelayMilliseconds,
      onSettled: (keys, tags, all) => runtime.dropLocal(new Set(keys), new Set(tags), all),
      onPendingChange: () => runtime.updateMaybeBlocked(),
    });
  }

  /** Invalidations waiting for a retry; `undefined` when none are. */
  get queued(): PendingInvalidations | undefined {
    return this.#queue.pending;
  }

  /**
   * Applies an invalidation now or defers it (transaction). `keys` are entry
   * adapter keys, `tags` tag keys; `all`: the root cache's clear.
   */
  async invalidate(
    keys: readonly string[],
    tags: readonly string[],
    all: boolean,
    counters: NamespaceCounters,
  ): Promise<void> {
    counters.invalidations++;
    const { transactions, events } = this.#runtime;
    const transaction = transactions.current();
    if (transaction !== undefined) {
      transaction.add(keys, tags, all);
      if (events.wanted.invalidate) {
        events.emit('invalidate', { keys, tags, clear: all, deferred: true });
      }
      return;
    }
    await this.apply(keys, tags, all);
  }

  /**
   * The invalidation itself: this process's flights and L1 before and after the
   * shared part, which is L2 (entry and lease deletes, tag epoch then tag
   * versions; or the adapter's clear) and then the bus.
   * @throws InvalidationError (unless `invalidationFailure: 'queue'`).
   */
  async apply(keys: readonly string[], tags: readonly string[], all: boolean): Promise<void> {
    if (keys.length === 0 && tags.length === 0 && !all) return;
    const runtime = this.#runtime;
    const keySet = new Set(keys);
    const tagSet = new Set(tags);
    runtime.dropLocal(keySet, tagSet, all);
    try {
      await this.#applyShared(keys, tags, all);
    } catch (error) {
      runtime.dropLocal(keySet, tagSet, all);
      if (this.#failure === 'queue') {
        this.#queue.add(keys, tags, all, error);
        return;
      }
      throw error;
    }
    runtime.dropLocal(keySet, tagSet, all);
    if (runtime.events.wanted.invalidate) {
      runtime.events.emit('invalidate', { keys, tags, clear: all, deferred: false });
    }
  }

  /**
   * After a plain `set` / `delete` of keys: drop them locally, fence local loads,
   * and tell other processes (best effort: an event on failure).
   */
  afterWrite(keys: readonly string[]): void {
    this.#runtime.dropLocal(new Set(keys), NO_KEYS, false);
    if (this.#bus !== undefined) {
      void this.#publish({ origin: this.#runtime.origin, keys }, false);
    }
  }

  /**
   * Stops the retry queue after one last attempt.
   * @throws InvalidationError naming what was queued and could not be applied.
   */
  async dispose(): Promise<void> {
    const dropped = await this.#queue.close();
    if (dropped === undefined) return;
    const { keys, tags, all } = dropped.job;
    throw invalidationError(
      `${keys.length} key(s) and ${tags.length} tag(s)${all ? ' and a clear' : ''} queued for retry: the last attempt at dispose`,
      dropped.error,
    );
  }

  /** L2 part and bus publish of an invalidation. @throws InvalidationError */
  async #applyShared(
    keys: readonly string[],
    tags: readonly string[],
    all: boolean,
  ): Promise<void> {
    const { directAdapter: adapter, directStrategy: strategy } = this.#runtime;
    if (all) {
      try {
        await adapter.clear();
      } catch (error) {
        throw invalidationError('by clearing the adapter', error);
      }
    } else {
      const operations: Array<Promise<void>> = [];
      const deleted = keys.length > 0 ? this.#deleteKeys(keys) : undefined;
      if (deleted !== undefined) operations.push(deleted);
      if (tags.length > 0) {
        // Dependency tags of derived caches only after the inputs are deleted: a
        // derived load that read an input before its delete then always sees the
        // new epoch (docs/decisions/derived-caches.md).
        const bump = () =>
          strategy.usesVersions
            ? this.#bumpEpoch().then(() => strategy.invalidate(tags))
            : strategy.invalidate(tags);
        operations.push(
          deleted !== undefined && hasDependencyTagKey(tags)
            ? deleted.catch(() => undefined).then(bump)
            : bump(),
        );
      }
      const settled = await Promise.allSettled(operations);
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
      }
    }
    await this.#publish({ origin: this.#runtime.origin, keys, tags, clear: all }, true);
  }

  async #deleteKeys(keys: readonly string[]): Promise<void> {
    try {
      await this.#runtime.directAdapter.deleteMany(keys);
    } catch (error) {
      throw invalidationError(describeKeys(keys), error);
    }
  }

  async #bumpEpoch(): Promise<void> {
    let stored: boolean;
    try {
      stored = await this.#runtime.directAdapter.set(TAG_EPOCH_KEY, { payload: newVersion() });
    } catch (error) {
      throw invalidationError('the tag epoch', error);
    }
    if (!stored) {
      throw new InvalidationError(
        '[pc:cache] the adapter did not store new versions of the tag epoch',
      );
    }
  }

  /**
   * Publishes on the bus. `strict`: a failure throws `InvalidationError` (an
   * invalidation); otherwise it is an event (a plain write or delete).
   */
  async #publish(message: BusMessage, strict: boolean): Promise<void> {
    const bus = this.#bus;
    if (bus === undefined) return;
    try {
      await bus.publish(message);
    } catch (error) {
      if (strict) {
        throw invalidationError(
          'on the bus (other processes keep their L1 entries until their burst TTL)',
          error,
        );
      }
      this.#runtime.backendError('publish', error);
    }
  }
}

function describeKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 100)));
  return `keys ${shown.join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`;
}

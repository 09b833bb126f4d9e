import { close, lstat, open, readdir, type Stats, unlink } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { backendError } from './backend-error.js';
import { type EntryLocation, LOCK_PATTERN } from './entry-location.js';
import { hasErrorCode } from './has-error-code.js';

/** First pause of a waiter that found a key locked by another process, in ms. */
const FIRST_RETRY_MILLISECONDS = 1;
/** Longest pause between two attempts to take a held lock, in ms. */
const MAX_RETRY_MILLISECONDS = 16;
/** Name suffix of the lock that guards the breaking of a stale lock. */
const BREAKER_SUFFIX = '.break';

/** How `#breakIfStale` found a lock. */
type LockState = 'absent' | 'held' | 'broken';

/**
 * Per-key mutual exclusion between every process sharing a cache directory.
 *
 * A key's lock is an empty file named after the entry's hash in the namespace's
 * lock directory, created with `O_CREAT | O_EXCL` (`'wx'`): the open either
 * creates it or fails with `EEXIST`, atomically. (Not `mkdir`, the other
 * classic: on ext4 a directory costs a data block, and `mkdir` + `rmdir`
 * measured 2-4x slower than open + close + unlink.) The descriptor is closed
 * together with the unlink at release, so a lock costs two round trips to the
 * thread pool. Waiters in other processes poll with a short exponential
 * backoff; waiters in this process queue in memory first, so they never poll
 * against each other.
 *
 * A lock older than `staleMilliseconds` (its file's mtime) is taken to be
 * left by a process that died inside its locked section and is removed. Two
 * waiters must not both break it (the second would remove the lock the first
 * just took), so breaking happens under a second lock, `<hash>.break`, and
 * re-checks the age there. The residual risk, documented in the README: a
 * process paused longer than `staleMilliseconds` inside a locked section (a
 * debugger, SIGSTOP, swap storms) loses its lock to a waiter and both run their
 * sections at once; so does a breaker itself killed inside its two-step section
 * while others break the same lock.
 */
export class EntryLocks {
  readonly #location: EntryLocation;
  readonly #directory: string;
  readonly #staleMilliseconds: number;
  /** Per hash: settles when the last in-process holder or waiter is done. */
  readonly #tails = new Map<string, Promise<void>>();

  constructor(location: EntryLocation, staleMilliseconds: number) {
    this.#location = location;
    this.#directory = location.lockDirectory;
    this.#staleMilliseconds = staleMilliseconds;
  }

  /** Runs `operation` while holding the lock of `hash`, waiting for it as long as it takes. */
  async run<T>(hash: string, operation: () => Promise<T>): Promise<T> {
    return runReleasing(await this.#acquire(hash), operation);
  }

  /**
   * Runs `operation` under the lock of `hash` if the lock is free right now.
   * @returns `false` without running it when the key is locked.
   */
  async runIfFree(hash: string, operation: () => Promise<boolean>): Promise<boolean> {
    if (this.#tails.has(hash)) return false;
    const { done } = this.#enqueue(hash);
    const path = this.#location.lockPath(hash);
    let created: number | NodeJS.ErrnoException;
    try {
      created = await createExclusive(path);
      if (hasErrorCode(created, 'ENOENT')) {
        await this.#makeLockDirectory();
        created = await createExclusive(path);
      }
    } catch (failure) {
      done();
      throw failure;
    }
    if (typeof created !== 'number') {
      done();
      if (hasErrorCode(created, 'EEXIST')) return false;
      throw backendError('lock', path, created);
    }
    return runReleasing(this.#release(path, created, done), operation);
  }

  /**
   * Removes locks (and breaker locks) older than `staleMilliseconds`: left by
   * processes that died while holding them.
   * @returns how many were removed.
   */
  async removeStale(): Promise<number> {
    let names: string[];
    try {
      names = await new Promise((resolve, reject) => {
        readdir(this.#directory, (error, found) =>
          error === null ? resolve(found) : reject(error),
        );
      });
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return 0;
      throw backendError('list', this.#directory, error);
    }
    let removed = 0;
    // Breakers first: a stale one would otherwise keep its lock from being broken.
    const breakersFirst = names
      .filter((name) => LOCK_PATTERN.test(name))
      .sort((a, b) => Number(b.endsWith(BREAKER_SUFFIX)) - Number(a.endsWith(BREAKER_SUFFIX)));
    for (const name of breakersFirst) {
      const path = join(this.#directory, name);
      if (name.endsWith(BREAKER_SUFFIX)) {
        const stats = await lstatIfPresent(path);
        if (stats !== undefined && this.#isStale(stats) && (await removeLock(path))) {
          removed += 1;
        }
      } else if ((await this.#breakIfStale(path)) === 'broken') {
        removed += 1;
      }
    }
    return removed;
  }

  /**
   * Queues this process's turn for `hash`.
   * @returns the turn's predecessor (to await), and `done` to end the turn.
   */
  #enqueue(hash: string): { previous: Promise<void> | undefined; done: () => void } {
    const previous = this.#tails.get(hash);
    let leave!: () => void;
    const turn = new Promise<void>((resolve) => {
      leave = resolve;
    });
    this.#tails.set(hash, turn);
    const done = () => {
      if (this.#tails.get(hash) === turn) this.#tails.delete(hash);
      leave();
    };
    return { previous, done };
  }

  /** Takes the lock of `hash`: first this process's turn, then the lock file. */
  async #acquire(hash: string): Promise<() => Promise<void>> {
    const { previous, done } = this.#enqueue(hash);
    if (previous !== undefined) await previous;
    const path = this.#location.lockPath(hash);
    let fd: number;
    try {
      fd = await this.#lockFile(path);
    } catch (error) {
      done();
      throw error;
    }
    return this.#release(path, fd, done);
  }

  #release(path: string, fd: number, done: () => void): () => Promise<void> {
    return async () => {
      try {
        const [removed] = await Promise.allSettled([removeLock(path), closeQuietly(fd)]);
        if (removed.status === 'rejected') throw removed.reason;
      } finally {
        done();
      }
    };
  }

  /** Creates the lock file at `path`, waiting while another process holds it. */
  async #lockFile(path: string): Promise<number> {
    let delay = FIRST_RETRY_MILLISECONDS;
    for (;;) {
      const created = await createExclusive(path);
      if (typeof created === 'number') return created;
      if (hasErrorCode(created, 'ENOENT')) {
        await this.#makeLockDirectory();
        continue;
      }
      if (!hasErrorCode(created, 'EEXIST')) throw backendError('lock', path, created);
      if ((await this.#breakIfStale(path)) !== 'held') continue;
      // Jitter keeps waiters of several processes from retrying in lockstep.
      await sleep(delay * (0.5 + Math.random() / 2));
      delay = Math.min(delay * 2, MAX_RETRY_MILLISECONDS);
    }
  }

  /** Removes the lock at `path` if it is stale, under its breaker lock. */
  async #breakIfStale(path: string): Promise<LockState> {
    const stats = await lstatIfPresent(path);
    if (stats === undefined) return 'absent';
    if (!this.#isStale(stats)) return 'held';
    const breaker = `${path}${BREAKER_SUFFIX}`;
    let created = await createExclusive(breaker);
    if (hasErrorCode(created, 'EEXIST')) {
      // Another process is breaking it, or a breaker died mid-way (then it is stale itself).
      const breakerStats = await lstatIfPresent(breaker);
      if (breakerStats === undefined || !this.#isStale(breakerStats)) return 'held';
      await removeLock(breaker);
      created = await createExclusive(breaker);
      if (hasErrorCode(created, 'EEXIST')) return 'held';
    }
    if (typeof created !== 'number') throw backendError('lock', breaker, created);
    await closeQuietly(created);
    try {
      // Again under the breaker: since the first look it may have been broken and taken afresh.
      const current = await lstatIfPresent(path);
      if (current === undefined) return 'absent';
      if (!this.#isStale(current)) return 'held';
      return (await removeLock(path)) ? 'broken' : 'absent';
    } finally {
      await removeLock(breaker);
    }
  }

  #isStale(stats: Stats): boolean {
    return Date.now() - stats.mtimeMs > this.#staleMilliseconds;
  }

  async #makeLockDirectory(): Promise<void> {
    try {
      await mkdir(this.#directory, { recursive: true });
    } catch (error) {
      throw backendError('create directory', this.#directory, error);
    }
  }
}

/** Runs `operation`, then `release`; a failed operation's error wins over a failed release. */
async function runReleasing<T>(
  release: () => Promise<void>,
  operation: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await operation();
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  await release();
  return result;
}

/**
 * Creates `path`, which must not exist (`'wx'`: `O_CREAT | O_EXCL`).
 * @returns the descriptor, or the error (`EEXIST` is the usual one) instead of rejecting.
 */
function createExclusive(path: string): Promise<number | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    open(path, 'wx', (error, fd) => resolve(error ?? fd));
  });
}

/** Closes a lock file's descriptor; nothing was written through it, so a failed close loses nothing. */
function closeQuietly(fd: number): Promise<void> {
  return new Promise((resolve) => {
    close(fd, () => resolve());
  });
}

/**
 * Removes a lock file; one already gone (broken as stale) is not an error.
 * @returns `true` when this call removed it.
 */
function removeLock(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    unlink(path, (error) => {
      if (error === null) resolve(true);
      else if (hasErrorCode(error, 'ENOENT')) resolve(false);
      else reject(backendError('unlock', path, error));
    });
  });
}

function lstatIfPresent(path: string): Promise<Stats | undefined> {
  return new Promise((resolve, reject) => {
    lstat(path, (error, stats) => {
      if (error === null) resolve(stats);
      else if (hasErrorCode(error, 'ENOENT')) resolve(undefined);
      else reject(backendError('inspect', path, error));
    });
  });
}

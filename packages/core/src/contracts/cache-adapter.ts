import type { AdapterCapabilities } from './adapter-capabilities.js';
import type { AdapterEntry } from './adapter-entry.js';
import type { CompareAndSetItem } from './compare-and-set-item.js';

/** Version of the adapter contract an adapter implements. */
export const ADAPTER_CONTRACT_VERSION = 1 as const;

/**
 * The contract every shared-cache backend implements (memory, filesystem, Redis,
 * Memcached, your own). One adapter instance serves exactly one namespace, fixed
 * when it is created; every operation sees only keys of that namespace.
 *
 * Rules every implementation keeps (the conformance suite in `@pc/core/testing`
 * checks each of them):
 * - Any non-empty string is a valid key; the empty string throws `InvalidKeyError`
 *   before anything is written. Encoding is injective: two different keys never
 *   share an entry.
 * - A miss is `undefined`. Expired entries are misses.
 * - Errors are typed (`PcError` subclasses). Adapters do not retry or swallow
 *   backend errors: the Cache decides whether to fail open or closed.
 * - After `dispose()`, every operation rejects with `ClosedError`.
 */
export interface CacheAdapter {
  /** Contract version this adapter implements; `1` for this contract. */
  readonly contractVersion: typeof ADAPTER_CONTRACT_VERSION;
  /** Short backend name used in error messages and stats, e.g. `"redis"`. */
  readonly name: string;
  /** The namespace this instance serves. */
  readonly namespace: string;
  /** What this adapter can do; constant for the adapter's lifetime. */
  readonly capabilities: AdapterCapabilities;

  /**
   * Reads one entry.
   * @returns the entry, or `undefined` on a miss (absent, expired, or unreadable).
   */
  get(key: string): Promise<AdapterEntry | undefined>;

  /**
   * Reads many entries in as few round trips as the backend allows (one per
   * server or cluster node).
   * @returns one slot per input key, in input order (duplicates included);
   *   `undefined` for each miss. An empty input resolves to `[]` without I/O.
   */
  getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>>;

  /**
   * Writes one entry, replacing any previous one. An `expiresAt` at or before
   * now removes the previous entry and stores nothing.
   * @returns `true` when the entry was stored, `false` when it was not (already expired).
   * @throws `ValueTooLargeError` when the payload exceeds `capabilities.maxValueBytes`.
   */
  set(key: string, entry: AdapterEntry): Promise<boolean>;

  /**
   * Writes many entries in as few round trips as the backend allows. When a key
   * appears twice, the last entry wins. Inputs are validated before anything
   * is written.
   * @returns one boolean per input item, in input order, as for `set`.
   */
  setMany(entries: ReadonlyArray<readonly [key: string, entry: AdapterEntry]>): Promise<boolean[]>;

  /**
   * Removes one entry. Deleting a missing key is not an error.
   * @returns `true` when a live entry existed and was removed, `false` otherwise
   *   (why: docs/decisions/delete-missing-key-resolves-false.md in the pc repository).
   */
  delete(key: string): Promise<boolean>;

  /**
   * Removes many entries in as few round trips as the backend allows.
   * @returns how many live entries existed and were removed.
   */
  deleteMany(keys: readonly string[]): Promise<number>;

  /**
   * Removes every entry of this adapter's namespace, and nothing outside it
   * (never `FLUSHALL`, `flush_all` or `rm -rf` of a shared directory).
   */
  clear(): Promise<void>;

  /**
   * Conditional writes: the primitive of the Cache's fill leases. For each item,
   * atomically: when the key's current live payload is exactly `expected` (for
   * `expected === undefined`: when the key holds no live entry), store `entry`
   * in its place (its `expiresAt` replaces the old expiry; `undefined`: no
   * expiry); otherwise change nothing. An `entry.expiresAt` at or before now
   * removes the current entry when the condition holds and resolves `false`.
   *
   * "Atomic" means no operation of any adapter instance sharing the backend
   * (`set`, `setMany`, `delete`, `deleteMany`, `clear`, `compareAndSet`, the
   * backend's own eviction or expiry) can come between the comparison and the
   * write: a key deleted or replaced after the comparison was made must not be
   * written. Items of one call may be applied in any order, each atomically;
   * a key given twice is applied in input order. Inputs are validated before
   * anything is written, as for `setMany`.
   *
   * Present only when `capabilities.compareAndSet` is `true`.
   * @returns one boolean per item, in input order: `true` when `entry` was stored.
   * @throws `ValueTooLargeError` as `set`, before anything is written.
   */
  compareAndSet?(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]>;

  /**
   * Removes expired entries and any leftovers (temporary files). Present only when
   * `capabilities.prune` is `true`.
   * @returns how many entries or files were removed.
   */
  prune?(): Promise<number>;

  /**
   * Lists the keys of this namespace, as given to `set`. Present only when
   * `capabilities.enumerateKeys` is `true`. Order is unspecified.
   */
  keys?(): AsyncIterable<string>;

  /**
   * Releases what the adapter created (connections, timers, file handles); never
   * closes a client that was injected. Idempotent. Afterwards, every operation
   * rejects with `ClosedError`.
   */
  dispose(): Promise<void>;
}

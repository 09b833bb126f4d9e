import { rename as renameCallback } from 'node:fs';
import { lstat, mkdir, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  type CacheAdapter,
  ClosedError,
  type CompareAndSetItem,
  InvalidKeyError,
  SerializationError,
  serverExpiry,
  ValueTooLargeError,
  validateEntry,
} from '@pc/core';
import { backendError } from './backend-error.js';
import { type DecodedEntryFile, decodeEntryFile, encodeEntryFile } from './entry-file-format.js';
import {
  type FileIdentity,
  readFileHeader,
  readWholeFile,
  removeAndReadHeader,
  removeFile,
  removeIfUnchanged,
  writeNewFile,
} from './entry-file-io.js';
import {
  ENTRY_FILE_PATTERN,
  EntryLocation,
  SHARD_PATTERN,
  TEMPORARY_FILE_PATTERN,
} from './entry-location.js';
import { EntryLocks } from './entry-locks.js';
import type { FsAdapterOptions } from './fs-adapter-options.js';
import { hasErrorCode } from './has-error-code.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import {
  type ResolvedFsAdapterOptions,
  resolveFsAdapterOptions,
} from './resolve-fs-adapter-options.js';

/**
 * A filesystem adapter: a `CacheAdapter` whose `compareAndSet`, `prune` and
 * `keys` are always present.
 */
export interface FsAdapter extends CacheAdapter {
  /** Absolute directory holding this namespace's entries. */
  readonly directory: string;
  compareAndSet(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]>;
  /**
   * Removes expired and damaged entries, leftovers of crashed processes and, with
   * caps, the oldest entries over them (see `FsAdapterOptions`).
   * @returns how many entries or files were removed.
   */
  prune(options?: FsPruneOptions): Promise<number>;
  keys(): AsyncIterable<string>;
}

/** Options of one `FsAdapter.prune()` call. */
export interface FsPruneOptions {
  /**
   * Called after each shard directory has been scanned, with how many are done
   * and how many there are (for a progress bar on large caches). Must not throw.
   * @default undefined
   */
  readonly onProgress?: ((doneDirectories: number, totalDirectories: number) => void) | undefined;
}

/** A live entry file seen by `prune()`, with what the caps need. */
interface LiveFile {
  readonly path: string;
  /** The file name: the hash its lock is named after. */
  readonly hash: string;
  readonly identity: FileIdentity;
  readonly size: number;
  readonly modifiedAtMilliseconds: number;
}

/**
 * Attempts of one write: the first assumes the shard directory exists, each
 * later one follows a `mkdir` (a new shard, or a concurrent `clear()` pulled the
 * directory away).
 */
const WRITE_ATTEMPTS = 4;

/**
 * Creates a filesystem adapter: one file per entry under `options.directory`,
 * written atomically (temporary file + rename), safe to share between processes
 * on one host. Options are validated at once; nothing touches the disk until the
 * first operation.
 *
 * Conditional writes (`compareAndSet`) are atomic across processes through
 * per-key locks: see `EntryLocks` for the lock and `#compareAndSet` for why each
 * operation takes it (or, for `get` and `clear`, need not).
 * @throws `InvalidOptionsError` naming the offending option.
 */
export function createFsAdapter(options: FsAdapterOptions): FsAdapter {
  return new FileSystemAdapter(resolveFsAdapterOptions(options));
}

class FileSystemAdapter implements FsAdapter {
  readonly contractVersion = ADAPTER_CONTRACT_VERSION;
  readonly name = 'fs';
  readonly namespace: string;
  readonly directory: string;
  readonly capabilities: AdapterCapabilities;

  readonly #options: ResolvedFsAdapterOptions;
  readonly #location: EntryLocation;
  readonly #locks: EntryLocks;
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  constructor(options: ResolvedFsAdapterOptions) {
    this.#options = options;
    this.namespace = options.namespace;
    this.#location = new EntryLocation(options.directory, options.namespace);
    this.#locks = new EntryLocks(this.#location, options.lockStaleMilliseconds);
    this.directory = this.#location.namespaceDirectory;
    this.capabilities = Object.freeze({
      ttlPrecisionMilliseconds: 1,
      maxKeyBytes: Number.POSITIVE_INFINITY,
      maxValueBytes: options.maxValueBytes,
      nativeTags: false,
      prune: true,
      enumerateKeys: true,
      persistent: true,
      sharedAcrossInstances: true,
      evicts: Number.isFinite(options.maxEntries) || Number.isFinite(options.maxBytes),
      compareAndSet: true,
    });
  }

  get(key: string): Promise<AdapterEntry | undefined> {
    return this.#run(() => {
      validateKey(key);
      return this.#get(key);
    });
  }

  getMany(keys: readonly string[]): Promise<Array<AdapterEntry | undefined>> {
    return this.#run(async () => {
      for (const key of keys) validateKey(key);
      return mapWithConcurrency(keys, this.#options.concurrency, (key) => this.#get(key));
    });
  }

  set(key: string, entry: AdapterEntry): Promise<boolean> {
    return this.#run(() => {
      validateKey(key);
      return this.#set(key, this.#prepare(key, entry), Date.now());
    });
  }

  setMany(entries: ReadonlyArray<readonly [key: string, entry: AdapterEntry]>): Promise<boolean[]> {
    return this.#run(async () => {
      for (const [key] of entries) validateKey(key);
      // Validate every item before writing any of them.
      const prepared = entries.map(([key, entry]) => [key, this.#prepare(key, entry)] as const);
      const now = Date.now();
      // Writing a duplicate key twice in parallel could let the earlier entry
      // win the rename race, so only the last occurrence touches the disk.
      const lastIndex = new Map<string, number>();
      for (const [index, [key]] of entries.entries()) lastIndex.set(key, index);
      return mapWithConcurrency(prepared, this.#options.concurrency, ([key, entry], index) =>
        lastIndex.get(key) === index
          ? this.#set(key, entry, now)
          : Promise.resolve(!isExpired(entry.expiresAt, now)),
      );
    });
  }

  delete(key: string): Promise<boolean> {
    return this.#run(() => {
      validateKey(key);
      return this.#delete(key);
    });
  }

  deleteMany(keys: readonly string[]): Promise<number> {
    return this.#run(async () => {
      for (const key of keys) validateKey(key);
      const unique = [...new Set(keys)];
      const removed = await mapWithConcurrency(unique, this.#options.concurrency, (key) =>
        this.#delete(key),
      );
      return removed.filter(Boolean).length;
    });
  }

  compareAndSet(items: ReadonlyArray<CompareAndSetItem>): Promise<boolean[]> {
    return this.#run(async () => {
      for (const [key, expected] of items) {
        validateKey(key);
        if (expected !== undefined && typeof expected !== 'string') {
          throw new SerializationError(
            '[pc:fs] a compareAndSet "expected" must be a payload string or undefined',
          );
        }
      }
      // Validate every item before writing any of them.
      const prepared = items.map(([key, , entry]) => this.#prepare(key, entry));
      // Keys in parallel, the items of one key in input order.
      const byKey = new Map<string, number[]>();
      for (const [index, [key]] of items.entries()) {
        const indexes = byKey.get(key);
        if (indexes === undefined) byKey.set(key, [index]);
        else indexes.push(index);
      }
      const results = new Array<boolean>(items.length);
      await mapWithConcurrency([...byKey.values()], this.#options.concurrency, async (indexes) => {
        for (const index of indexes) {
          const [key, expected] = items[index]!;
          results[index] = await this.#compareAndSet(key, expected, prepared[index]!);
        }
      });
      return results;
    });
  }

  /**
   * Moves the namespace directory aside in one `rename`, then deletes it. Readers
   * see every entry vanish at once, and a concurrent writer either lands before
   * the rename (and is cleared) or fails its own rename and retries into a fresh
   * directory; it never half-survives inside a directory being deleted.
   */
  clear(): Promise<void> {
    return this.#run(async () => {
      const trash = this.#location.trashPath();
      try {
        await rename(this.#location.namespaceDirectory, trash);
      } catch (error) {
        if (hasErrorCode(error, 'ENOENT')) return;
        throw backendError('move aside', this.#location.namespaceDirectory, error);
      }
      try {
        await rm(trash, { recursive: true, force: true });
      } catch (error) {
        throw backendError('remove', trash, error);
      }
    });
  }

  prune(options?: FsPruneOptions): Promise<number> {
    return this.#run(() => this.#prune(options?.onProgress));
  }

  keys(): AsyncIterable<string> {
    return this.#keys();
  }

  async dispose(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled(this.#inFlight);
  }

  /** Runs one operation, unless disposed; `dispose()` waits for it. */
  #run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(closedError());
    const promise = Promise.resolve().then(operation);
    this.#inFlight.add(promise);
    const forget = () => this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  async #get(key: string): Promise<AdapterEntry | undefined> {
    const path = this.#location.entryPath(this.#location.hash(key));
    const reading = await readWholeFile(path, (bytes) => {
      const decoded = decodeEntryFile(bytes);
      // Damaged or expired: a miss, and the file goes. A different stored key
      // means a hash collision (or a foreign file): a miss that stays.
      if (decoded === undefined) return { result: undefined, remove: true };
      if (decoded.key !== key) return { result: undefined, remove: false };
      if (isExpired(decoded.entry.expiresAt, Date.now()))
        return { result: undefined, remove: true };
      return { result: decoded.entry, remove: false };
    });
    if (reading === undefined) return undefined;
    if (reading.removable !== undefined) await removeIfUnchanged(path, reading.removable);
    return reading.result;
  }

  async #set(key: string, entry: AdapterEntry, now: number): Promise<boolean> {
    const hash = this.#location.hash(key);
    if (serverExpiry(entry.expiresAt, now).kind === 'expired') {
      const path = this.#location.entryPath(hash);
      await this.#locks.run(hash, () => removeFile(path));
      return false;
    }
    await this.#writeAtomically(hash, encodeEntryFile(key, entry));
    return true;
  }

  /**
   * Writes a temporary file, then renames it over the entry under the key's lock
   * (only the rename: the write itself needs no lock, and a short locked section
   * keeps waiters short). Retried into a fresh directory when a clear moved the
   * temporary file away.
   */
  async #writeAtomically(hash: string, bytes: Buffer): Promise<void> {
    const target = this.#location.entryPath(hash);
    let lastError: unknown;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const temporary = await this.#writeTemporary(hash, bytes);
      const error = await this.#locks.run(hash, () => renameOrError(temporary, target));
      if (error === undefined) return;
      await unlink(temporary).catch(() => undefined);
      if (!hasErrorCode(error, 'ENOENT')) throw backendError('write', target, error);
      // A clear moved the temporary file away with its directory.
      lastError = error;
    }
    throw backendError('write', target, lastError);
  }

  /**
   * Writes `bytes` to a new temporary file beside the entry of `hash`. No
   * `mkdir` while the shard directory exists (nearly always): a missing one
   * shows as `ENOENT` from the open, and only then is it created and the
   * write retried.
   * @returns the temporary file's path.
   */
  async #writeTemporary(hash: string, bytes: Buffer): Promise<string> {
    const directory = this.#location.shardDirectory(hash);
    let lastError: unknown;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      if (attempt > 0) {
        try {
          await mkdir(directory, { recursive: true });
        } catch (error) {
          throw backendError('create directory', directory, error);
        }
      }
      const temporary = this.#location.temporaryPath(hash);
      const failure = await writeNewFile(temporary, bytes, this.#options.fsync);
      if (failure === undefined) return temporary;
      if (failure.step === 'write' || !hasErrorCode(failure.error, 'ENOENT')) {
        throw backendError(failure.step, temporary, failure.error);
      }
      // No directory yet, or a clear moved it away.
      lastError = failure.error;
    }
    throw backendError('write', directory, lastError);
  }

  /**
   * One conditional write. The comparison and the rename run under the key's
   * lock, which every operation that removes or replaces that entry also takes
   * (`set`, `setMany`, `delete`, `deleteMany`, `prune`, other `compareAndSet`s,
   * in every process): so nothing can delete or replace the entry between the
   * comparison and the rename, and a fill can never write back a lease that an
   * invalidation removed meanwhile.
   *
   * `clear()` takes no lock; it moves the whole namespace directory away in one
   * rename. That is why the temporary file is written BEFORE the comparison: the
   * final rename succeeds only if the directory holding the temporary file is
   * still the namespace's directory at that instant, and directories only ever
   * leave (never return), so it was that directory during the comparison too.
   * A clear after the comparison moves the temporary file away, the rename
   * fails with `ENOENT`, and the write is (correctly) not done; the item is
   * then tried afresh, which with the entry cleared fails unless it is an add.
   *
   * `get` stays lock-free: it only ever removes files (expired or damaged
   * ones, re-checking the inode), and a removal can make a fill fail, never
   * write a stale value.
   */
  async #compareAndSet(
    key: string,
    expected: string | undefined,
    entry: AdapterEntry,
  ): Promise<boolean> {
    const hash = this.#location.hash(key);
    const target = this.#location.entryPath(hash);
    const matches = (current: string | undefined) =>
      expected === undefined ? current === undefined : current === expected;
    if (isExpired(entry.expiresAt, Date.now())) {
      return this.#locks.run(hash, async () => {
        const current = await readLivePayload(key, target);
        if (current !== undefined && matches(current)) await removeFile(target);
        return false;
      });
    }
    const bytes = encodeEntryFile(key, entry);
    let lastError: unknown;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const temporary = await this.#writeTemporary(hash, bytes);
      let renamed = false;
      try {
        const outcome = await this.#locks.run(hash, async () => {
          if (!matches(await readLivePayload(key, target))) return false;
          const error = await renameOrError(temporary, target);
          renamed = error === undefined;
          return error ?? true;
        });
        if (typeof outcome === 'boolean') return outcome;
        if (!hasErrorCode(outcome, 'ENOENT')) throw backendError('write', target, outcome);
        // A clear moved the temporary file away: nothing was written, so the
        // whole conditional write starts over, compared against the fresh directory.
        lastError = outcome;
      } finally {
        if (!renamed) await unlink(temporary).catch(() => undefined);
      }
    }
    throw backendError('write', target, lastError);
  }

  /**
   * Reads the header of the file it unlinks so the result says whether a live
   * entry existed (an expired or corrupt file is not one), like Redis `DEL` does.
   * Under the key's lock, so it cannot fall between a `compareAndSet`'s
   * comparison and its write.
   *
   * A missing file needs no lock: the delete then takes effect at that look.
   * While a `compareAndSet` holds the lock for a live entry, only that holder
   * (or a clear, which fails its write) can make the file go, so the look
   * cannot see "missing" between its comparison and its write.
   */
  async #delete(key: string): Promise<boolean> {
    const hash = this.#location.hash(key);
    const path = this.#location.entryPath(hash);
    if (!(await fileExists(path))) return false;
    const file = await this.#locks.run(hash, () => removeAndReadHeader(path));
    if (file === undefined) return false;
    const live = file.header !== undefined && !isExpired(file.header.expiresAt, Date.now());
    return file.removed && live;
  }

  async #prune(onProgress: FsPruneOptions['onProgress']): Promise<number> {
    const now = Date.now();
    let removed = (await this.#pruneTrash(now)) + (await this.#locks.removeStale());
    const live: LiveFile[] = [];
    // Directories in parallel, files of one directory in sequence: with few
    // entries per leaf directory, the directory count is what costs.
    const directories = await this.#shardDirectories();
    let done = 0;
    onProgress?.(done, directories.length);
    const counts = await mapWithConcurrency(
      directories,
      this.#options.concurrency,
      async (directory) => {
        let count = 0;
        for (const name of await listDirectory(directory)) {
          if (await this.#pruneFile(join(directory, name), name, now, live)) count += 1;
        }
        done += 1;
        onProgress?.(done, directories.length);
        return count;
      },
    );
    for (const count of counts) removed += count;
    return removed + (await this.#evictOverCaps(live));
  }

  /**
   * Removes one file if it is a stale temporary file, a corrupt entry or an
   * expired one; records live entries for the caps. Entries are removed under
   * their key's lock, skipped when it is held (the entry is being written).
   * @returns `true` when the file was removed.
   */
  async #pruneFile(path: string, name: string, now: number, live: LiveFile[]): Promise<boolean> {
    if (TEMPORARY_FILE_PATTERN.test(name)) {
      const stats = await lstatIfPresent(path);
      if (stats === undefined) return false;
      if (now - stats.mtimeMs <= this.#options.leftoverGraceMilliseconds) return false;
      return removeFile(path);
    }
    if (!ENTRY_FILE_PATTERN.test(name)) return false;
    const file = await readFileHeader(path);
    if (file === undefined) return false;
    if (file.header === undefined || isExpired(file.header.expiresAt, now)) {
      return this.#locks.runIfFree(name, () => removeIfUnchanged(path, file.identity));
    }
    live.push({ path, hash: name, ...file });
    return false;
  }

  /**
   * Removes the oldest-written entries until both caps hold, each under its
   * key's lock (skipped when held: it is being written, so it is not the oldest).
   */
  async #evictOverCaps(live: LiveFile[]): Promise<number> {
    const { maxEntries, maxBytes } = this.#options;
    let count = live.length;
    let bytes = live.reduce((sum, file) => sum + file.size, 0);
    if (count <= maxEntries && bytes <= maxBytes) return 0;
    live.sort(
      (a, b) => a.modifiedAtMilliseconds - b.modifiedAtMilliseconds || (a.path < b.path ? -1 : 1),
    );
    const victims = [];
    for (const file of live) {
      if (count <= maxEntries && bytes <= maxBytes) break;
      victims.push(file);
      count -= 1;
      bytes -= file.size;
    }
    const removed = await mapWithConcurrency(victims, this.#options.concurrency, (file) =>
      this.#locks.runIfFree(file.hash, () => removeIfUnchanged(file.path, file.identity)),
    );
    return removed.filter(Boolean).length;
  }

  /** Removes directories left by a `clear()` of this namespace that crashed mid-way. */
  async #pruneTrash(now: number): Promise<number> {
    const prefix = this.#location.trashPrefix();
    const names = (await listDirectory(this.#location.rootDirectory)).filter((name) =>
      name.startsWith(prefix),
    );
    let removed = 0;
    for (const name of names) {
      const path = join(this.#location.rootDirectory, name);
      const stats = await lstatIfPresent(path);
      // rename() updates ctime, not mtime: ctime is when the clear began.
      if (stats === undefined || now - stats.ctimeMs <= this.#options.leftoverGraceMilliseconds) {
        continue;
      }
      try {
        await rm(path, { recursive: true, force: true });
        removed += 1;
      } catch (error) {
        throw backendError('remove', path, error);
      }
    }
    return removed;
  }

  /** Every leaf shard directory of the namespace (none before the first write). */
  async #shardDirectories(): Promise<string[]> {
    const root = this.#location.namespaceDirectory;
    const firsts = (await listSubdirectories(root)).filter((name) => SHARD_PATTERN.test(name));
    const nested = await mapWithConcurrency(firsts, this.#options.concurrency, async (first) => {
      const seconds = await listSubdirectories(join(root, first));
      return seconds
        .filter((name) => SHARD_PATTERN.test(name))
        .map((name) => join(root, first, name));
    });
    return nested.flat();
  }

  async *#keys(): AsyncGenerator<string> {
    if (this.#closed) throw closedError();
    for (const directory of await this.#shardDirectories()) {
      if (this.#closed) throw closedError();
      for (const name of await listDirectory(directory)) {
        if (!ENTRY_FILE_PATTERN.test(name)) continue;
        const reading = await readWholeFile(
          join(directory, name),
          (bytes): { result: DecodedEntryFile | undefined; remove: false } => ({
            result: decodeEntryFile(bytes),
            remove: false,
          }),
        );
        const decoded = reading?.result;
        if (decoded === undefined || isExpired(decoded.entry.expiresAt, Date.now())) continue;
        if (this.#location.hash(decoded.key) === name) yield decoded.key;
      }
    }
  }

  /** The entry as stored (`Infinity` expiry normalized away), after the edge checks. */
  #prepare(key: string, entry: AdapterEntry): AdapterEntry {
    const expiresAt = validateEntry('fs', key, entry);
    const prepared =
      expiresAt === undefined ? { payload: entry.payload } : { payload: entry.payload, expiresAt };
    const { maxValueBytes } = this.#options;
    // Cheap bound first: a UTF-16 code unit never takes more than 3 UTF-8 bytes.
    if (entry.payload.length * 3 <= maxValueBytes) return prepared;
    const bytes = Buffer.byteLength(entry.payload, 'utf8');
    if (bytes > maxValueBytes) {
      throw new ValueTooLargeError(
        `[pc:fs] payload of ${bytes} bytes exceeds ${maxValueBytes}; raise "maxValueBytes"`,
      );
    }
    return prepared;
  }
}

function validateKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidKeyError('[pc:fs] a key must be a non-empty string');
  }
}

function isExpired(expiresAt: number | undefined, now: number): boolean {
  return expiresAt !== undefined && expiresAt <= now;
}

/** The live payload stored for `key` at `path`; `undefined` when absent, expired, damaged or another key's. */
async function readLivePayload(key: string, path: string): Promise<string | undefined> {
  const reading = await readWholeFile(path, (bytes) => {
    const decoded = decodeEntryFile(bytes);
    const live =
      decoded !== undefined &&
      decoded.key === key &&
      !isExpired(decoded.entry.expiresAt, Date.now());
    return { result: live ? decoded.entry.payload : undefined, remove: false };
  });
  return reading?.result;
}

/** `rename` that resolves to its error instead of rejecting. */
function renameOrError(from: string, to: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    renameCallback(from, to, (error) => resolve(error ?? undefined));
  });
}

function rename(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    renameCallback(from, to, (error) => (error === null ? resolve() : reject(error)));
  });
}

function closedError(): ClosedError {
  return new ClosedError('[pc:fs] the adapter was disposed; create a new one');
}

/** Names in a directory; none when it does not exist (yet, or any more). */
async function listDirectory(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return [];
    throw backendError('list', path, error);
  }
}

/** Names of the sub-directories of a directory; none when it does not exist. */
async function listSubdirectories(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return [];
    throw backendError('list', path, error);
  }
}

async function fileExists(path: string): Promise<boolean> {
  return (await lstatIfPresent(path)) !== undefined;
}

async function lstatIfPresent(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw backendError('inspect', path, error);
  }
}

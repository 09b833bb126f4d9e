import { rename as renameCallback } from 'node:fs';
import { lstat, mkdir, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ADAPTER_CONTRACT_VERSION,
  type AdapterCapabilities,
  type AdapterEntry,
  type CacheAdapter,
  ClosedError,
  InvalidKeyError,
  SerializationError,
  ValueTooLargeError,
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
import type { FsAdapterOptions } from './fs-adapter-options.js';
import { hasErrorCode } from './has-error-code.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import {
  type ResolvedFsAdapterOptions,
  resolveFsAdapterOptions,
} from './resolve-fs-adapter-options.js';

/** A filesystem adapter: a `CacheAdapter` whose `prune` and `keys` are always present. */
export interface FsAdapter extends CacheAdapter {
  /** Absolute directory holding this namespace's entries. */
  readonly directory: string;
  prune(): Promise<number>;
  keys(): AsyncIterable<string>;
}

/** A live entry file seen by `prune()`, with what the caps need. */
interface LiveFile {
  readonly path: string;
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
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  constructor(options: ResolvedFsAdapterOptions) {
    this.#options = options;
    this.namespace = options.namespace;
    this.#location = new EntryLocation(options.directory, options.namespace);
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
      this.#validateEntry(entry);
      return this.#set(key, entry, Date.now());
    });
  }

  setMany(entries: ReadonlyArray<readonly [key: string, entry: AdapterEntry]>): Promise<boolean[]> {
    return this.#run(async () => {
      for (const [key, entry] of entries) {
        validateKey(key);
        this.#validateEntry(entry);
      }
      const now = Date.now();
      // Writing a duplicate key twice in parallel could let the earlier entry
      // win the rename race, so only the last occurrence touches the disk.
      const lastIndex = new Map<string, number>();
      for (const [index, [key]] of entries.entries()) lastIndex.set(key, index);
      return mapWithConcurrency(entries, this.#options.concurrency, ([key, entry], index) =>
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

  prune(): Promise<number> {
    return this.#run(() => this.#prune());
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
    if (isExpired(entry.expiresAt, now)) {
      await removeFile(this.#location.entryPath(hash));
      return false;
    }
    await this.#writeAtomically(hash, encodeEntryFile(key, entry));
    return true;
  }

  /**
   * Writes a temporary file and renames it over the entry. No `mkdir` while the
   * shard directory exists (nearly always): a missing one shows as `ENOENT` from
   * the open or the rename, and only then is it created and the write retried.
   */
  async #writeAtomically(hash: string, bytes: Buffer): Promise<void> {
    const directory = this.#location.shardDirectory(hash);
    const target = this.#location.entryPath(hash);
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
      if (failure !== undefined) {
        if (failure.step === 'write' || !hasErrorCode(failure.error, 'ENOENT')) {
          throw backendError(failure.step, temporary, failure.error);
        }
        // No directory yet, or a clear moved it away.
        lastError = failure.error;
        continue;
      }
      try {
        await rename(temporary, target);
        return;
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        if (!hasErrorCode(error, 'ENOENT')) throw backendError('write', target, error);
        // A clear moved the temporary file away with its directory.
        lastError = error;
      }
    }
    throw backendError('write', target, lastError);
  }

  /**
   * Reads the header of the file it unlinks so the result says whether a live
   * entry existed (an expired or corrupt file is not one), like Redis `DEL` does.
   */
  async #delete(key: string): Promise<boolean> {
    const path = this.#location.entryPath(this.#location.hash(key));
    const file = await removeAndReadHeader(path);
    if (file === undefined) return false;
    const live = file.header !== undefined && !isExpired(file.header.expiresAt, Date.now());
    return file.removed && live;
  }

  async #prune(): Promise<number> {
    const now = Date.now();
    let removed = await this.#pruneTrash(now);
    const live: LiveFile[] = [];
    // Directories in parallel, files of one directory in sequence: with few
    // entries per leaf directory, the directory count is what costs.
    const directories = await this.#shardDirectories();
    const counts = await mapWithConcurrency(
      directories,
      this.#options.concurrency,
      async (directory) => {
        let count = 0;
        for (const name of await listDirectory(directory)) {
          if (await this.#pruneFile(join(directory, name), name, now, live)) count += 1;
        }
        return count;
      },
    );
    for (const count of counts) removed += count;
    return removed + (await this.#evictOverCaps(live));
  }

  /**
   * Removes one file if it is a stale temporary file, a corrupt entry or an
   * expired one; records live entries for the caps.
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
      return removeIfUnchanged(path, file.identity);
    }
    live.push({ path, ...file });
    return false;
  }

  /** Removes the oldest-written entries until both caps hold. */
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
      removeIfUnchanged(file.path, file.identity),
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

  #validateEntry(entry: AdapterEntry): void {
    if (typeof entry !== 'object' || entry === null || typeof entry.payload !== 'string') {
      throw new SerializationError('[pc:fs] an entry needs a string "payload"');
    }
    const { expiresAt } = entry;
    if (expiresAt !== undefined && (typeof expiresAt !== 'number' || Number.isNaN(expiresAt))) {
      throw new SerializationError(
        '[pc:fs] an entry "expiresAt" must be a number of milliseconds since the epoch',
      );
    }
    const { maxValueBytes } = this.#options;
    // Cheap bound first: a UTF-16 code unit never takes more than 3 UTF-8 bytes.
    if (entry.payload.length * 3 <= maxValueBytes) return;
    const bytes = Buffer.byteLength(entry.payload, 'utf8');
    if (bytes > maxValueBytes) {
      throw new ValueTooLargeError(
        `[pc:fs] payload of ${bytes} bytes exceeds ${maxValueBytes}; raise "maxValueBytes"`,
      );
    }
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

async function lstatIfPresent(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw backendError('inspect', path, error);
  }
}

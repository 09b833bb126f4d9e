import { close, fstat, fsync, open, read, type Stats, write } from 'node:fs';
import { lstat, unlink } from 'node:fs/promises';
import { BackendUnavailableError } from '@pc/core';
import { backendError } from './backend-error.js';
import { decodeEntryHeader, ENTRY_HEADER_BYTES, type EntryHeader } from './entry-file-format.js';
import { hasErrorCode } from './has-error-code.js';

// The callback API with plain descriptors, not `fs/promises` and `FileHandle`:
// measured in one process on 1 kB files, a hit costs about half as much and a
// `getMany` of 100 about a third, mostly `FileHandle` bookkeeping. Each helper
// is one libuv request.

function openFile(path: string, flags: string): Promise<number> {
  return new Promise((resolve, reject) => {
    open(path, flags, (error, fd) => (error === null ? resolve(fd) : reject(error)));
  });
}

/**
 * Opens an entry file for reading.
 * @returns the descriptor, or `undefined` when the file does not exist.
 * @throws `BackendUnavailableError` on any other failure.
 */
async function openExistingForReading(path: string): Promise<number | undefined> {
  try {
    return await openFile(path, 'r');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw backendError('open', path, error);
  }
}

function readAt(fd: number, buffer: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, offset, buffer.length - offset, offset, (error, bytesRead) =>
      error === null ? resolve(bytesRead) : reject(error),
    );
  });
}

function writeAt(fd: number, bytes: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, bytes, offset, bytes.length - offset, offset, (error, written) =>
      error === null ? resolve(written) : reject(error),
    );
  });
}

function statFile(fd: number): Promise<Stats> {
  return new Promise((resolve, reject) => {
    fstat(fd, (error, stats) => (error === null ? resolve(stats) : reject(error)));
  });
}

/** Closes a descriptor; a failed close of a file only read or already failed is of no use to report. */
function closeQuietly(fd: number): Promise<void> {
  return new Promise((resolve) => {
    close(fd, () => resolve());
  });
}

function closeFile(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    close(fd, (error) => (error === null ? resolve() : reject(error)));
  });
}

/**
 * Like `Promise.all`, but waits for every request to finish before rejecting,
 * so none is still using a descriptor when the caller closes it.
 */
async function settleAll<const T extends readonly unknown[]>(
  promises: { readonly [K in keyof T]: Promise<T[K]> },
): Promise<{ -readonly [K in keyof T]: T[K] }> {
  const settled = await Promise.allSettled(promises);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: T[K];
  };
}

/** Which file was read: a later rename over the same path yields another inode. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** What the caller made of a file's bytes, and whether it wants the file removed. */
export interface FileInspection<T> {
  readonly result: T;
  /** `true` for a stale or damaged file: the read then also returns the file's identity. */
  readonly remove: boolean;
}

/** The outcome of `readWholeFile`. */
export interface FileReading<T> {
  readonly result: T;
  /**
   * The identity of the inode whose bytes were inspected, present only when the
   * inspection asked for removal and the whole file was read (its size matches).
   */
  readonly removable: FileIdentity | undefined;
}

/** The header of one entry file (or `undefined` when corrupt) and its stat facts. */
export interface FileHeader {
  readonly header: EntryHeader | undefined;
  readonly identity: FileIdentity;
  readonly size: number;
  readonly modifiedAtMilliseconds: number;
}

/**
 * First read of a file: one request covers entries up to this size (header,
 * key and a payload of about 16 kB); larger ones take an `fstat` and more reads.
 */
const FIRST_READ_BYTES = 16 * 1024;
/** Read buffers kept for reuse (16 kB each), enough for the default `concurrency`. */
const MAX_SPARE_BUFFERS = 32;
const spareBuffers: Buffer[] = [];

/**
 * Reads a whole file through one descriptor and hands its bytes to `inspect`,
 * so content and identity belong to the same inode even if a writer renames a
 * new file over the path meanwhile. The bytes live in a reused buffer: they are
 * valid only during the (synchronous) call of `inspect`.
 *
 * A small file costs open, one read and close: a read shorter than asked is the
 * end of a regular file. The identity (an `fstat` on the same descriptor) is
 * taken only when `inspect` asks for removal, and only when the file's size is
 * the number of bytes inspected, so removal never acts on a partial read.
 * @returns `undefined` when the file does not exist (one failed `open`).
 * @throws `BackendUnavailableError` on any other failure.
 */
export async function readWholeFile<T>(
  path: string,
  inspect: (bytes: Buffer) => FileInspection<T>,
): Promise<FileReading<T> | undefined> {
  const fd = await openExistingForReading(path);
  if (fd === undefined) return undefined;
  const spare = spareBuffers.pop() ?? Buffer.allocUnsafe(FIRST_READ_BYTES);
  try {
    let buffer = spare;
    let length: number;
    try {
      length = await readAt(fd, buffer, 0);
      while (length === buffer.length) {
        const { size } = await statFile(fd);
        // One byte more than the size, so a full read proves the end was reached.
        const larger = Buffer.allocUnsafe(Math.max(size + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
        length += await readAt(fd, buffer, length);
      }
    } catch (error) {
      throw backendError('read', path, error);
    }
    const { result, remove } = inspect(buffer.subarray(0, length));
    if (!remove) return { result, removable: undefined };
    let stats: Stats;
    try {
      stats = await statFile(fd);
    } catch (error) {
      throw backendError('read', path, error);
    }
    const whole = stats.size === length;
    return { result, removable: whole ? { dev: stats.dev, ino: stats.ino } : undefined };
  } finally {
    if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(spare);
    await closeQuietly(fd);
  }
}

/**
 * Reads only the fixed-size header of an entry file (enough for expiry, size
 * checks and caps without loading the payload).
 * @returns `undefined` when the file does not exist.
 * @throws `BackendUnavailableError` on any other failure.
 */
export async function readFileHeader(path: string): Promise<FileHeader | undefined> {
  const fd = await openExistingForReading(path);
  if (fd === undefined) return undefined;
  try {
    const buffer = Buffer.alloc(ENTRY_HEADER_BYTES);
    const [stats, bytesRead] = await settleAll([statFile(fd), readAt(fd, buffer, 0)] as const);
    return {
      header: decodeEntryHeader(buffer.subarray(0, bytesRead), stats.size),
      identity: { dev: stats.dev, ino: stats.ino },
      size: stats.size,
      modifiedAtMilliseconds: stats.mtimeMs,
    };
  } catch (error) {
    throw backendError('read', path, error);
  } finally {
    await closeQuietly(fd);
  }
}

/**
 * Removes `path` and reads the header of the file removed: it is opened first,
 * then read and unlinked at once (an unlinked file stays readable through an
 * open descriptor), so this costs three round trips to the thread pool, not five.
 * @returns `undefined` when there was no file, else whether this call unlinked
 * it and what its header says (`undefined` when corrupt).
 * @throws `BackendUnavailableError` on any failure but a missing file.
 */
export async function removeAndReadHeader(
  path: string,
): Promise<{ removed: boolean; header: EntryHeader | undefined } | undefined> {
  const fd = await openExistingForReading(path);
  if (fd === undefined) return undefined;
  try {
    const buffer = Buffer.alloc(ENTRY_HEADER_BYTES);
    let results: [Stats, number, boolean];
    try {
      results = await settleAll([statFile(fd), readAt(fd, buffer, 0), removeFile(path)] as const);
    } catch (error) {
      throw BackendUnavailableError.isInstance(error) ? error : backendError('read', path, error);
    }
    const [stats, bytesRead, removed] = results;
    return { removed, header: decodeEntryHeader(buffer.subarray(0, bytesRead), stats.size) };
  } finally {
    await closeQuietly(fd);
  }
}

/**
 * Creates `path` (it must not exist), writes `bytes` and closes it, with an
 * `fsync` before the close when asked. A failure after the file was created
 * removes it again.
 * @returns `undefined`, or the failure with the step it happened in (`"create"`
 * for the open, so the caller can tell a vanished directory, `ENOENT`, apart).
 */
export async function writeNewFile(
  path: string,
  bytes: Buffer,
  sync: boolean,
): Promise<{ step: 'create' | 'write'; error: unknown } | undefined> {
  let fd: number;
  try {
    fd = await openFile(path, 'wx');
  } catch (error) {
    return { step: 'create', error };
  }
  try {
    let written = 0;
    while (written < bytes.length) written += await writeAt(fd, bytes, written);
    if (sync) await syncFile(fd);
  } catch (error) {
    await closeQuietly(fd);
    await unlink(path).catch(() => undefined);
    return { step: 'write', error };
  }
  try {
    await closeFile(fd);
  } catch (error) {
    await unlink(path).catch(() => undefined);
    return { step: 'write', error };
  }
  return undefined;
}

function syncFile(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fsync(fd, (error) => (error === null ? resolve() : reject(error)));
  });
}

/**
 * Removes `path` only if it is still the file that was read. Another process may
 * have renamed a fresh entry over a stale or corrupt one since: that one stays.
 * (A rename landing between the check and the unlink can still be lost; for a
 * cache that is a miss, never a wrong value.)
 * @returns `true` when this call removed the file.
 */
export async function removeIfUnchanged(path: string, identity: FileIdentity): Promise<boolean> {
  try {
    const stats = await lstat(path);
    if (stats.dev !== identity.dev || stats.ino !== identity.ino) return false;
    await unlink(path);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw backendError('remove', path, error);
  }
}

/**
 * Removes `path`; a missing file is not an error.
 * @returns `true` when this call removed the file.
 */
export async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw backendError('remove', path, error);
  }
}

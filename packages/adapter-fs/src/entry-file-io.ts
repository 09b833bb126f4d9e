import { lstat, open, unlink } from 'node:fs/promises';
import { backendError } from './backend-error.js';
import { decodeEntryHeader, ENTRY_HEADER_BYTES, type EntryHeader } from './entry-file-format.js';
import { hasErrorCode } from './has-error-code.js';

/** Which file was read: a later rename over the same path yields another inode. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** The bytes of one file and which inode they came from. */
export interface FileContents {
  readonly bytes: Buffer;
  readonly identity: FileIdentity;
}

/** The header of one entry file (or `undefined` when corrupt) and its stat facts. */
export interface FileHeader {
  readonly header: EntryHeader | undefined;
  readonly identity: FileIdentity;
  readonly size: number;
  readonly modifiedAtMilliseconds: number;
}

/**
 * Reads a whole file through one descriptor, so content and identity belong to
 * the same inode even if a writer renames a new file over the path meanwhile.
 * @returns `undefined` when the file does not exist.
 * @throws `BackendUnavailableError` on any other failure.
 */
export async function readWholeFile(path: string): Promise<FileContents | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw backendError('open', path, error);
  }
  try {
    const stats = await handle.stat();
    const bytes = await handle.readFile();
    return { bytes, identity: { dev: stats.dev, ino: stats.ino } };
  } catch (error) {
    throw backendError('read', path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads only the fixed-size header of an entry file (enough for expiry, size
 * checks and caps without loading the payload).
 * @returns `undefined` when the file does not exist.
 * @throws `BackendUnavailableError` on any other failure.
 */
export async function readFileHeader(path: string): Promise<FileHeader | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw backendError('open', path, error);
  }
  try {
    const stats = await handle.stat();
    const buffer = Buffer.alloc(ENTRY_HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, ENTRY_HEADER_BYTES, 0);
    return {
      header: decodeEntryHeader(buffer.subarray(0, bytesRead), stats.size),
      identity: { dev: stats.dev, ino: stats.ino },
      size: stats.size,
      modifiedAtMilliseconds: stats.mtimeMs,
    };
  } catch (error) {
    throw backendError('read', path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
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

import { createHash, hash as digest, randomBytes } from 'node:crypto';
import { join, sep } from 'node:path';

/** Longest encoded namespace kept readable; longer ones are hashed (file names stop at 255 bytes). */
const MAX_READABLE_NAMESPACE_LENGTH = 120;

/** An entry file name: 64 lowercase hex digits, nothing else. */
export const ENTRY_FILE_PATTERN = /^[0-9a-f]{64}$/;
/** A temporary file name written by `temporaryPath`. */
export const TEMPORARY_FILE_PATTERN = /^[0-9a-f]{64}\.\d+-[0-9a-f]{16}\.tmp$/;
/** A two-hex-digit shard directory name. */
export const SHARD_PATTERN = /^[0-9a-f]{2}$/;
/** A key lock file name (the entry's hash), or that of a lock being broken. */
export const LOCK_PATTERN = /^[0-9a-f]{64}(\.break)?$/;

/** Random bytes drawn at once for temporary names (`randomBytes(8)` per write cost ~3 µs). */
const RANDOM_POOL_BYTES = 8 * 512;
/** Largest hash message buffer an `EntryLocation` keeps for reuse. */
const MAX_KEPT_MESSAGE_BYTES = 64 * 1024;

let randomPool = Buffer.alloc(0);
let randomOffset = 0;

/** 16 fresh random hex digits. */
function randomHex16(): string {
  if (randomOffset + 8 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomOffset = 0;
  }
  randomOffset += 8;
  return randomPool.toString('hex', randomOffset - 8, randomOffset);
}

/**
 * Where the entries of one namespace live. Entry paths are
 * `<directory>/<namespace directory>/<h0h1>/<h2h3>/<sha256 hex>`: the hash makes
 * every file name fixed-length and free of separators, dots and reserved names,
 * so no key can point outside its directory; the two shard levels keep each
 * directory at a few hundred names up to millions of entries.
 */
export class EntryLocation {
  /** Absolute directory holding this namespace's shards. */
  readonly namespaceDirectory: string;
  /** Absolute root directory shared by every namespace. */
  readonly rootDirectory: string;
  /** Name of the namespace directory inside the root. */
  readonly namespaceDirectoryName: string;
  /**
   * Absolute directory holding this namespace's key lock files: beside the namespace
   * directory, not inside it, so `clear()` (which moves the namespace directory
   * away) never moves a lock another process holds.
   */
  readonly lockDirectory: string;
  /** Length-prefixed namespace, the start of every hashed message. */
  readonly #namespacePrefix: Buffer;
  /** Reused for the message `hash()` digests (hashing is synchronous, so never shared). */
  #message: Buffer;

  constructor(rootDirectory: string, namespace: string) {
    this.rootDirectory = rootDirectory;
    this.namespaceDirectoryName = encodeNamespace(namespace);
    this.namespaceDirectory = join(rootDirectory, this.namespaceDirectoryName);
    this.lockDirectory = join(rootDirectory, `.locks-${this.namespaceDirectoryName}`);
    const namespaceBytes = Buffer.from(namespace, 'utf16le');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(namespaceBytes.length);
    this.#namespacePrefix = Buffer.concat([length, namespaceBytes]);
    this.#message = Buffer.alloc(this.#namespacePrefix.length + 256);
    this.#namespacePrefix.copy(this.#message);
  }

  /** Hex SHA-256 of the namespace-qualified key (UTF-16 code units, so lone surrogates stay distinct). */
  hash(key: string): string {
    const prefixLength = this.#namespacePrefix.length;
    const length = prefixLength + key.length * 2;
    let message = this.#message;
    if (message.length < length) {
      message = Buffer.allocUnsafe(length);
      this.#namespacePrefix.copy(message);
      // Keep a grown buffer for usual key sizes only, so one huge key is not retained.
      if (length <= MAX_KEPT_MESSAGE_BYTES) this.#message = message;
    }
    message.write(key, prefixLength, 'utf16le');
    return digest('sha256', message.subarray(0, length), 'hex');
  }

  // Plain concatenation, not `join` (about 1 µs a call): the namespace
  // directory is already normalized and the rest is hex.

  /** Directory holding the entry file of `hash`. */
  shardDirectory(hash: string): string {
    return `${this.namespaceDirectory}${sep}${hash.slice(0, 2)}${sep}${hash.slice(2, 4)}`;
  }

  /** Absolute path of the entry file of `hash`. */
  entryPath(hash: string): string {
    return `${this.shardDirectory(hash)}${sep}${hash}`;
  }

  /**
   * A fresh temporary path beside the entry file, so the final `rename` stays on
   * one filesystem (and is atomic). Unique per process and call.
   */
  temporaryPath(hash: string): string {
    return `${this.entryPath(hash)}.${process.pid}-${randomHex16()}.tmp`;
  }

  /** The lock of the entry of `hash` (an empty file, present while held). */
  lockPath(hash: string): string {
    return `${this.lockDirectory}${sep}${hash}`;
  }

  /** A fresh path in the root where `clear()` moves the namespace directory before deleting it. */
  trashPath(): string {
    const suffix = `${process.pid}-${randomBytes(8).toString('hex')}`;
    return join(this.rootDirectory, `${this.trashPrefix()}${suffix}`);
  }

  /** Name prefix of this namespace's trash directories (never a namespace directory name). */
  trashPrefix(): string {
    return `.trash-${this.namespaceDirectoryName}-`;
  }
}

/**
 * Injective, filesystem-safe directory name for a namespace: `n-` then the
 * namespace with `[a-z0-9_-]` kept, uppercase `X` as `+x` (case-insensitive
 * filesystems stay injective) and every other UTF-16 code unit as `%hhhh`.
 * Too long: `h-` and the SHA-256 hex of the code units. The prefixes keep the two
 * forms apart, and no form starts with a dot or ends with a dot or space.
 */
export function encodeNamespace(namespace: string): string {
  let encoded = '';
  for (let index = 0; index < namespace.length; index += 1) {
    const character = namespace[index]!;
    if (/[a-z0-9_-]/.test(character)) encoded += character;
    else if (/[A-Z]/.test(character)) encoded += `+${character.toLowerCase()}`;
    else encoded += `%${namespace.charCodeAt(index).toString(16).padStart(4, '0')}`;
    if (encoded.length > MAX_READABLE_NAMESPACE_LENGTH) {
      const digest = createHash('sha256').update(Buffer.from(namespace, 'utf16le')).digest('hex');
      return `h-${digest}`;
    }
  }
  return `n-${encoded}`;
}

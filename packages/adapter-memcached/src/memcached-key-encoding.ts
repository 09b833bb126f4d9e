import { createHash } from 'node:crypto';
import { InvalidKeyError } from '@pc/core';

/** Memcached's key limit, in bytes. */
export const MEMCACHED_MAX_KEY_BYTES = 250;

/**
 * Maps caller keys to memcached keys of one namespace:
 * - `<prefix>=<escaped key>` when that fits in 250 bytes. Printable ASCII other
 *   than `%` stays as is; every other UTF-16 code unit becomes `%XX` (below
 *   0x100) or `%uXXXX`. Working on code units, not UTF-8, keeps lone surrogates
 *   apart, and the result holds no whitespace or control character.
 * - `<prefix>#<base64url sha256 of the key's UTF-16 code units>` otherwise.
 *   Never truncated, and never equal to an escaped key (`=` vs `#`).
 * `<prefix>` is `<keyPrefix>:<namespace>:`; neither part holds `:`, so two
 * namespaces never share a key. Generation records use `<prefix>!` (see
 * `generationKey`), a third marker no caller key can produce.
 *
 * Every result is at most 250 bytes of printable ASCII: a valid memcached key
 * that the client sends byte for byte. Keys must not change between versions
 * (stored entries would be lost): `test/memcached-key-encoding.test.ts` pins it.
 */
export class MemcachedKeyEncoding {
  readonly #prefix: string;
  readonly #escapeBudget: number;

  constructor(keyPrefix: string, namespace: string) {
    this.#prefix = `${keyPrefix}:${namespace}:`;
    this.#escapeBudget = MEMCACHED_MAX_KEY_BYTES - this.#prefix.length - 1;
  }

  /**
   * @throws `InvalidKeyError` when `key` is not a non-empty string.
   */
  encode(key: string): string {
    if (typeof key !== 'string' || key.length === 0) {
      throw new InvalidKeyError(
        `[pc:memcached] keys must be non-empty strings (got ${key === '' ? 'an empty string' : typeof key})`,
      );
    }
    const escaped = escapeKey(key, this.#escapeBudget);
    if (escaped !== undefined) return `${this.#prefix}=${escaped}`;
    const digest = createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('base64url');
    return `${this.#prefix}#${digest}`;
  }

  /** The key of the namespace's generation record number `index` (see the README). */
  generationKey(index: number): string {
    return `${this.#prefix}!g${index}`;
  }
}

/** Printable ASCII other than `%`: a key made of these alone is its own escape. */
const PLAIN_KEY = /^[\x21-\x24\x26-\x7e]*$/;

/** The escaped key, or `undefined` as soon as it would exceed `budget` bytes. */
function escapeKey(key: string, budget: number): string | undefined {
  if (key.length > budget) return undefined;
  // The common case, without building a string character by character.
  if (PLAIN_KEY.test(key)) return key;
  let escaped = '';
  let plainFrom = 0;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code > 0x20 && code < 0x7f && code !== 0x25) continue;
    escaped +=
      key.slice(plainFrom, index) +
      (code < 0x100
        ? `%${code.toString(16).padStart(2, '0')}`
        : `%u${code.toString(16).padStart(4, '0')}`);
    plainFrom = index + 1;
    if (escaped.length > budget) return undefined;
  }
  escaped += key.slice(plainFrom);
  return escaped.length > budget ? undefined : escaped;
}

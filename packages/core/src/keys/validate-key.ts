import { InvalidKeyError } from '../errors/invalid-key-error.js';

/**
 * Throws `InvalidKeyError` unless `key` is a non-empty, well-formed string.
 * Lone UTF-16 surrogates are refused: backends store UTF-8, where every lone
 * surrogate becomes U+FFFD, so two different keys would share one entry.
 */
export function assertValidKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string') {
    throw new InvalidKeyError(`[pc:cache] a ${what} must be a string, got ${describe(key)}`);
  }
  if (key.length === 0) {
    throw new InvalidKeyError(`[pc:cache] a ${what} must not be empty`);
  }
  if (!(key as string & { isWellFormed(): boolean }).isWellFormed()) {
    throw new InvalidKeyError(
      `[pc:cache] a ${what} must be well-formed Unicode (it contains a lone surrogate): ${JSON.stringify(key.slice(0, 100))}`,
    );
  }
}

/** Throws `InvalidKeyError` unless `keys` is an array of valid keys. */
export function assertValidKeys(keys: unknown, what = 'key'): asserts keys is readonly string[] {
  if (!Array.isArray(keys)) {
    throw new InvalidKeyError(`[pc:cache] expected an array of ${what}s, got ${describe(keys)}`);
  }
  for (const key of keys) assertValidKey(key, what);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/** What a namespace name may look like: 1 to 64 of `A-Z a-z 0-9 _ . -`. */
export const NAMESPACE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Throws `InvalidOptionsError` unless `name` matches `NAMESPACE_NAME_PATTERN`. */
export function assertValidNamespaceName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAMESPACE_NAME_PATTERN.test(name)) {
    throw new InvalidOptionsError(
      `[pc:cache] invalid namespace name ${JSON.stringify(name) ?? String(name)}; use 1 to 64 ` +
        'characters of A-Z, a-z, 0-9, "_", "." and "-"',
    );
  }
}

import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/**
 * For adapter factories: throws `InvalidOptionsError` when `options` is not an
 * object or has a name outside `known`, naming the unknown option and listing the
 * known ones (`[pc:<adapter>] unknown option "maxItem"; known options: ...`). A
 * misspelt option silently falling back to its default is the bug this prevents.
 */
export function checkOptionNames(
  adapterName: string,
  options: unknown,
  known: readonly string[],
): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError(`[pc:${adapterName}] options must be an object`);
  }
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new InvalidOptionsError(
        `[pc:${adapterName}] unknown option "${name}"; known options: ${known.join(', ')}`,
      );
    }
  }
}

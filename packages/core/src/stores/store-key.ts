import type { StoreDefinition } from '../contracts/store-definition.js';
import { InvalidKeyError } from '../errors/invalid-key-error.js';

/**
 * The cache key of `id` in a store: `<name>:<key(id)>`. Pure, so an invalidator
 * computes the same key as the bound store without a cache at hand.
 * @throws InvalidKeyError when the definition's `key` returns an empty or non-string key.
 */
export function storeKey<Id>(
  definition: Pick<StoreDefinition<Id, unknown>, 'name' | 'key'>,
  id: Id,
): string {
  const key: unknown = definition.key(id);
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidKeyError(
      `[pc:store] store "${definition.name}" built ${key === '' ? 'an empty key' : `a ${typeof key} key`} ` +
        'for an id; make key(id) return a non-empty string',
    );
  }
  return `${definition.name}:${key}`;
}

/**
 * The cache key of the index entry that points from `identifier` in the index
 * `index` to an id: `<name>@<index>:<identifier>`. Store and index names contain
 * neither `@` nor `:`, so these keys never meet `storeKey` keys.
 */
export function storeIndexKey(name: string, index: string, identifier: string): string {
  if (typeof identifier !== 'string' || identifier.length === 0) {
    throw new InvalidKeyError(
      `[pc:store] store "${name}": an identifier of index "${index}" must be a non-empty string`,
    );
  }
  return `${name}@${index}:${identifier}`;
}

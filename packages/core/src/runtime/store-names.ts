import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/**
 * The store definitions bound to one root cache, by namespace and store name:
 * two different definitions under one name would share keys.
 */
export class StoreNames {
  readonly #bound = new Map<string, object>();

  /**
   * Records that `definition` is bound as store `name` in the namespace at
   * `namespacePath`. Binding the same definition again is fine.
   * @throws InvalidOptionsError when another definition already uses the name there.
   */
  claim(namespacePath: readonly string[], name: string, definition: object): void {
    const slot = `${namespacePath.join('/')}\u0000${name}`;
    const bound = this.#bound.get(slot);
    if (bound !== undefined && bound !== definition) {
      const where = namespacePath.length > 0 ? ` (namespace ${namespacePath.join('/')})` : '';
      throw new InvalidOptionsError(
        `[pc:store] a different store named ${JSON.stringify(name)} is already bound to this cache${where}; their keys would collide: give each store its own name`,
      );
    }
    this.#bound.set(slot, definition);
  }
}

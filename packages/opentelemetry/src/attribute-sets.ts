import type { Attributes } from '@opentelemetry/api';

/**
 * The attribute objects of one attachment, built once per distinct set of values
 * and reused: recording a point allocates nothing after the first time.
 */
export class AttributeSets {
  readonly #base: Attributes;
  readonly #sets = new Map<string, Attributes>();

  constructor(base: Attributes) {
    this.#base = base;
  }

  /** The base attributes plus `names[i] = values[i]`. */
  get(names: readonly string[], values: readonly (string | boolean)[]): Attributes {
    const id = values.join('\u0000');
    let set = this.#sets.get(id);
    if (set === undefined) {
      const built: Attributes = { ...this.#base };
      names.forEach((name, index) => {
        built[name] = values[index];
      });
      set = Object.freeze(built);
      this.#sets.set(id, set);
    }
    return set;
  }
}

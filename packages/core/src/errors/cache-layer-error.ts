import { InvalidOptionsError } from './invalid-options-error.js';
import type { PcErrorOptions } from './pc-error.js';

/** Options of `CacheLayerError`. */
export interface CacheLayerErrorOptions extends PcErrorOptions {
  /** Cache names from the cache being defined to the offending input. @default [] */
  readonly path?: readonly string[];
}

/**
 * Derived caches would depend on each other in a circle, or a derived cache uses
 * one of its own layer or above. `path` names the caches from the one being
 * defined to the offending input. Also an `InvalidOptionsError`.
 */
export class CacheLayerError extends InvalidOptionsError {
  static override readonly code: string = 'PC_CACHE_LAYER';
  /** Cache names from the cache being defined to the offending input, e.g. `['a', 'b', 'a']`. */
  readonly path: readonly string[];

  constructor(message: string, options: CacheLayerErrorOptions = {}) {
    super(message, options);
    this.path = options.path ?? [];
  }
}

import { deserializeValue } from '../serialization/deserialize-value.js';
import { PLAIN_JSON_KIND } from '../serialization/type-markers.js';
import { deepFreeze } from './deep-freeze.js';

/**
 * A value as the runtime hands it out (from L1, from a shared load, from L2),
 * without ever sharing a mutable reference:
 *
 * - plain JSON values are parsed once from their serialized form and deep-frozen;
 *   every reader gets that same frozen object (no copy, no parse per hit);
 * - other values (Map, Set, Date, Uint8Array, BigInt, ...) cannot be frozen, so
 *   the serialized body is kept and each reader gets a fresh decoded copy.
 */
export class CachedValue {
  /** The frozen value (plain JSON), or the first decoded copy (other values). */
  #value: unknown;
  /** Serialized body of values decoded per read; `undefined` for frozen ones. */
  readonly #body: string | undefined;
  #firstTaken = false;
  /** Size counted against the burst layer's `maxBytes`: the serialized length. */
  readonly size: number;
  /**
   * For frozen values: a promise of the value, made once and returned by every
   * L1 hit (the hit path then allocates nothing). `undefined` for per-read copies.
   */
  readonly promise: Promise<unknown> | undefined;

  private constructor(value: unknown, body: string | undefined, size: number) {
    this.#value = value;
    this.#body = body;
    this.size = size;
    this.promise = body === undefined ? Promise.resolve(value) : undefined;
  }

  /**
   * From a `serializeValue` body. Decodes it once (so a corrupt body throws here,
   * not at a reader).
   * @throws SerializationError when the body cannot be decoded.
   */
  static fromBody(body: string): CachedValue {
    if (body.charAt(0) === PLAIN_JSON_KIND) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.slice(1));
      } catch {
        // Let deserializeValue produce the typed error.
        deserializeValue(body);
      }
      return new CachedValue(deepFreeze(parsed), undefined, body.length);
    }
    return new CachedValue(deserializeValue(body), body, body.length);
  }

  /** The value for one reader: the shared frozen value, or a fresh copy. */
  read(): unknown {
    const body = this.#body;
    if (body === undefined) return this.#value;
    if (!this.#firstTaken) {
      this.#firstTaken = true;
      const first = this.#value;
      this.#value = undefined;
      return first;
    }
    return deserializeValue(body);
  }
}

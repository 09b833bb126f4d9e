import { deserializeValue } from '../serialization/deserialize-value.js';
import { PLAIN_JSON_KIND } from '../serialization/type-markers.js';
import { deepFreeze } from './deep-freeze.js';

/**
 * A value as the runtime hands it out (from L1, from a load, from L2), without
 * ever giving two readers one mutable reference (docs/design.md: no reader
 * changes what another reads):
 *
 * - a value is decoded once from its serialized body; until it is shared, the
 *   first reader gets that decoded value and every later reader a fresh copy;
 * - `share()` (L1 keeps it; reads through L1 share what they decode) turns a
 *   plain JSON value into one deep-frozen object that every reader gets (no
 *   copy, no parse per hit);
 * - other values (Map, Set, Date, Uint8Array, BigInt, ...) cannot be frozen, so
 *   they stay decoded per reader even when shared.
 */
export class CachedValue {
  /** The decoded value not handed out yet, or the shared frozen value. */
  #value: unknown;
  /** Serialized body, for copies; `undefined` once the value is frozen. */
  #body: string | undefined;
  /** The decoded value went to a reader: later readers get copies. */
  #taken = false;
  readonly #plain: boolean;
  /** Size counted against the burst layer's `maxBytes`: the serialized length. */
  readonly size: number;
  /**
   * For frozen values: a promise of the value, made once and returned by every
   * L1 hit (the hit path then allocates nothing). `undefined` otherwise.
   */
  promise: Promise<unknown> | undefined;

  private constructor(value: unknown, body: string, plain: boolean) {
    this.#value = value;
    this.#body = body;
    this.#plain = plain;
    this.size = body.length;
  }

  /**
   * From a `serializeValue` body. Decodes it once (so a corrupt body throws here,
   * not at a reader); `share`: share it at once (see `share()`).
   * @throws SerializationError when the body cannot be decoded.
   */
  static fromBody(body: string, share = false): CachedValue {
    const plain = body.charAt(0) === PLAIN_JSON_KIND;
    const cached = new CachedValue(decode(body, plain), body, plain);
    if (share) cached.share();
    return cached;
  }

  /**
   * From now on, plain JSON values are one deep-frozen object for every reader.
   * A decoded value a reader already holds stays theirs: the shared one is
   * decoded again. Idempotent.
   */
  share(): void {
    const body = this.#body;
    if (!this.#plain || body === undefined) return;
    const value = deepFreeze(this.#taken ? decode(body, true) : this.#value);
    this.#value = value;
    this.#body = undefined;
    this.promise = Promise.resolve(value);
  }

  /** The value for one reader: the shared frozen value, or a value of its own. */
  read(): unknown {
    const body = this.#body;
    if (body === undefined) return this.#value;
    if (!this.#taken) {
      this.#taken = true;
      const first = this.#value;
      this.#value = undefined;
      return first;
    }
    return decode(body, this.#plain);
  }
}

function decode(body: string, plain: boolean): unknown {
  if (!plain) return deserializeValue(body);
  try {
    return JSON.parse(body.slice(1));
  } catch {
    // Let deserializeValue produce the typed error.
    return deserializeValue(body);
  }
}

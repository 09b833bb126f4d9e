/**
 * One raw entry as an adapter stores it. Adapters never look inside `payload`:
 * the Cache owns serialization, tag versions and envelopes.
 */
export interface AdapterEntry {
  /**
   * The serialized value, as produced by the Cache. Adapters must store and
   * return it byte for byte (every UTF-16 code unit, including `\u0000`).
   * The Cache only produces well-formed UTF-16 (its serializer escapes unpaired
   * surrogates, as `JSON.stringify` does), so a UTF-8 backend can hold any
   * payload; the conformance suite checks both sides of that promise.
   */
  readonly payload: string;
  /**
   * Absolute expiry as milliseconds since the Unix epoch (`Date.now()` clock).
   * `undefined` means the entry never expires (it may still be evicted).
   * An adapter must never return an entry whose `expiresAt` is in the past.
   */
  readonly expiresAt?: number | undefined;
}

/** What a codec knows about the entry it encodes or decodes. */
export interface PayloadCodecContext {
  /**
   * The adapter key the entry is stored under (namespace path and user key, encoded).
   * A codec may bind its output to it (encryption uses it as associated data), so
   * that a payload copied to another key does not decode.
   */
  readonly key: string;
}

/**
 * A transformation of the serialized value inside an entry (compression,
 * encryption, ...), configured with the `codecs` option of `createCache` or
 * `cache.namespace()`. Codecs see only value bytes: tag versions, leases and
 * the entry header stay plain. On write the list runs in order, on read in
 * reverse; the ids of the codecs that encoded an entry are stored in it, so a
 * reader decodes exactly what was applied (entries written before or after a
 * codec was added both read). Both methods are synchronous: they run on every
 * read and write.
 */
export interface PayloadCodec {
  /**
   * Marks entries this codec encoded: 1 to 32 characters of `A-Z a-z 0-9 . _ -`,
   * unique within a cache's list. Change it when the encoded format changes:
   * entries with an id no configured codec has read as a miss (and are replaced).
   */
  readonly id: string;
  /**
   * `true`: an entry this codec did not encode reads as a miss (encryption: a
   * value planted in clear text on the server is never served).
   * `false` or `undefined`: such entries read normally (compression below its threshold).
   */
  readonly required?: boolean | undefined;
  /**
   * Encodes the bytes of one value (the serializer's output as UTF-8, or the
   * previous codec's output).
   * @returns the encoded bytes, or `undefined` to leave this value as it is
   *   (then the entry is not marked with this codec's id).
   */
  encode(data: Buffer, context: PayloadCodecContext): Buffer | undefined;
  /**
   * Reverses `encode`.
   * @returns the bytes `encode` was given.
   * @throws anything when `data` cannot be decoded (tampered, truncated, unknown
   *   key): the entry then reads as a miss and the next load replaces it.
   */
  decode(data: Buffer, context: PayloadCodecContext): Buffer;
}

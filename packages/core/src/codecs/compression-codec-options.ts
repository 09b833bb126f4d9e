/** Options of `createGzipCodec` and `createBrotliCodec`. */
export interface CompressionCodecOptions {
  /**
   * Values whose serialized form is shorter than this many bytes (UTF-8) are
   * stored uncompressed: below about 1 kB, compression plus base64 saves little
   * or makes the entry larger (measurements: docs/decisions/payload-codecs.md).
   * A value whose compressed form is not smaller is stored uncompressed too.
   * A non-negative integer; `0` compresses every value.
   * @default 1024
   */
  readonly thresholdBytes?: number | undefined;
  /**
   * Compression level: gzip `level` 1 (fastest) to 9 (smallest); brotli `quality`
   * 0 to 11. Brotli's own default (11) is about 100 times slower than 4 for a few
   * percent less size, too slow for cache writes.
   * @default 6 for gzip (zlib's default), 4 for brotli
   */
  readonly level?: number | undefined;
}

/** Defaults of `CompressionCodecOptions`. */
export const COMPRESSION_CODEC_DEFAULTS = {
  thresholdBytes: 1024,
  gzipLevel: 6,
  brotliQuality: 4,
} as const;

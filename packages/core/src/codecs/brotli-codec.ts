import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import { createCompressionCodec } from './compression-codec.js';
import {
  COMPRESSION_CODEC_DEFAULTS,
  type CompressionCodecOptions,
} from './compression-codec-options.js';

/**
 * A payload codec that compresses values of at least `thresholdBytes` with brotli
 * (`node:zlib`, synchronous). Its id, stored in the entries it encodes, is `br`.
 * @throws InvalidOptionsError naming the option when `options` is invalid.
 */
export function createBrotliCodec(options?: CompressionCodecOptions): PayloadCodec {
  return createCompressionCodec(
    {
      id: 'br',
      levels: [constants.BROTLI_MIN_QUALITY, constants.BROTLI_MAX_QUALITY],
      defaultLevel: COMPRESSION_CODEC_DEFAULTS.brotliQuality,
      compress: (data, quality) =>
        brotliCompressSync(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: quality,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
      decompress: (data, maxOutputLength) => brotliDecompressSync(data, { maxOutputLength }),
    },
    options,
  );
}

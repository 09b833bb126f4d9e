import { gunzipSync, gzipSync } from 'node:zlib';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import { createCompressionCodec } from './compression-codec.js';
import {
  COMPRESSION_CODEC_DEFAULTS,
  type CompressionCodecOptions,
} from './compression-codec-options.js';

/**
 * A payload codec that gzips values of at least `thresholdBytes` (`node:zlib`,
 * synchronous). Its id, stored in the entries it encodes, is `gzip`.
 * @throws InvalidOptionsError naming the option when `options` is invalid.
 */
export function createGzipCodec(options?: CompressionCodecOptions): PayloadCodec {
  return createCompressionCodec(
    {
      id: 'gzip',
      levels: [1, 9],
      defaultLevel: COMPRESSION_CODEC_DEFAULTS.gzipLevel,
      compress: (data, level) => gzipSync(data, { level }),
      decompress: (data, maxOutputLength) => gunzipSync(data, { maxOutputLength }),
    },
    options,
  );
}

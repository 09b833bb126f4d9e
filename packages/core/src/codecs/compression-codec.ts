import { constants } from 'node:buffer';
import { checkOptionNames } from '../adapter-kit/check-option-names.js';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import {
  COMPRESSION_CODEC_DEFAULTS,
  type CompressionCodecOptions,
} from './compression-codec-options.js';

/** What one compression algorithm contributes to a codec. */
export interface CompressionAlgorithm {
  /** The codec id and the name used in error messages. */
  readonly id: string;
  /** Accepted levels, inclusive. */
  readonly levels: readonly [number, number];
  readonly defaultLevel: number;
  compress(data: Buffer, level: number): Buffer;
  /** Must stop (throw) once the output passes `maxOutputLength` bytes. */
  decompress(data: Buffer, maxOutputLength: number): Buffer;
}

/**
 * Decoded values become strings: output longer than the longest string (in
 * characters) is a foreign or hostile payload (a decompression bomb), stopped
 * before memory runs out.
 */
const MAX_OUTPUT_BYTES = constants.MAX_STRING_LENGTH;

/**
 * A codec that compresses values of at least `thresholdBytes`, and only keeps the
 * result when it is smaller.
 * @throws InvalidOptionsError naming the option when `options` is invalid.
 */
export function createCompressionCodec(
  algorithm: CompressionAlgorithm,
  options: CompressionCodecOptions | undefined,
): PayloadCodec {
  const where = `[pc:${algorithm.id}]`;
  checkOptionNames(algorithm.id, options, ['thresholdBytes', 'level']);
  const threshold = options?.thresholdBytes ?? COMPRESSION_CODEC_DEFAULTS.thresholdBytes;
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw new InvalidOptionsError(
      `${where} set "thresholdBytes" to a non-negative integer number of bytes, got ${String(threshold)}`,
    );
  }
  const level = options?.level ?? algorithm.defaultLevel;
  const [lowest, highest] = algorithm.levels;
  if (!Number.isInteger(level) || level < lowest || level > highest) {
    throw new InvalidOptionsError(
      `${where} set "level" to an integer from ${lowest} to ${highest}, got ${String(level)}`,
    );
  }
  return {
    id: algorithm.id,
    encode(data) {
      if (data.length < threshold) return undefined;
      const compressed = algorithm.compress(data, level);
      return compressed.length < data.length ? compressed : undefined;
    },
    decode(data) {
      return algorithm.decompress(data, MAX_OUTPUT_BYTES);
    },
  };
}

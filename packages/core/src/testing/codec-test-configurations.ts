import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createBrotliCodec } from '../codecs/brotli-codec.js';
import { createEncryptionCodec } from '../codecs/encryption-codec.js';
import { createGzipCodec } from '../codecs/gzip-codec.js';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';

/** What the codecs of a configuration do to a value: nothing, compress it, encrypt it, or both (in that order). */
export type CodecTransforms = 'none' | 'compression' | 'encryption' | 'both';

/** One way of encoding values that a test suite runs its scenarios with. */
export interface CodecTestConfiguration {
  /** For test names: `"no codecs"`, `"gzip"`, `"AES-256-GCM"` or `"brotli + AES-256-GCM"`. */
  readonly name: string;
  readonly transforms: CodecTransforms;
  /** The `codecs` option of every cache of the run (`[]` for `"none"`). */
  readonly codecs: readonly PayloadCodec[];
}

/** What `codecTestConfigurations()` returns without arguments. */
const WITH_CODECS: readonly CodecTransforms[] = ['compression', 'encryption', 'both'];

/**
 * The shipped gzip codec, except that it also keeps what does not shrink: the
 * runtime's scenarios use short values, which compression leaves as they are, so
 * a compression-only run would otherwise store mostly uncompressed entries.
 * Entries stay readable by `createGzipCodec()` (same id, same stream format).
 */
function gzipEveryValue(): PayloadCodec {
  const gzip = createGzipCodec({ thresholdBytes: 0 });
  return {
    id: gzip.id,
    encode: (data, context) => gzip.encode(data, context) ?? gzipSync(data),
    decode: (data, context) => gzip.decode(data, context),
  };
}

/** AES-256-GCM with a fresh random key, and an older key still in the keyring. */
function encryptionWithFreshKeys(): PayloadCodec {
  return createEncryptionCodec({
    keyring: { current: 'test-2', keys: { 'test-1': randomBytes(32), 'test-2': randomBytes(32) } },
  });
}

/**
 * Codec configurations a suite runs its scenarios with, to show they hold
 * whatever the codecs do to values (`cacheOptions: { codecs }` of
 * `describeRuntimeInvariants` and `describeLostRecordScenarios`), in the order of
 * `transforms`:
 *
 * - `"none"`: `"no codecs"`, `codecs: []` (for a loop that also runs without);
 * - `"compression"`: `"gzip"`, every value gzipped, even when that does not shrink it;
 * - `"encryption"`: `"AES-256-GCM"`, every value encrypted with a fresh random key;
 * - `"both"`: `"brotli + AES-256-GCM"`, the shipped brotli codec with threshold 0
 *   (values it cannot shrink stay uncompressed, so compressed and uncompressed
 *   bodies mix), then encryption: no payload holds a value in clear text.
 *
 * Each call builds new codecs (and keys).
 *
 * ```ts
 * for (const { name, codecs } of codecTestConfigurations()) {
 *   describeRuntimeInvariants({
 *     name: `redis with ${name}`,
 *     factory: ({ namespace }) => createRedisAdapter({ namespace, url }),
 *     cacheOptions: { codecs },
 *   });
 * }
 * ```
 * @param transforms which configurations, in this order.
 * @default ["compression", "encryption", "both"]
 */
export function codecTestConfigurations(
  transforms: readonly CodecTransforms[] = WITH_CODECS,
): CodecTestConfiguration[] {
  return transforms.map((each) => configuration(each));
}

function configuration(transforms: CodecTransforms): CodecTestConfiguration {
  switch (transforms) {
    case 'none':
      return { name: 'no codecs', transforms, codecs: [] };
    case 'compression':
      return { name: 'gzip', transforms, codecs: [gzipEveryValue()] };
    case 'encryption':
      return { name: 'AES-256-GCM', transforms, codecs: [encryptionWithFreshKeys()] };
    case 'both':
      return {
        name: 'brotli + AES-256-GCM',
        transforms,
        codecs: [createBrotliCodec({ thresholdBytes: 0 }), encryptionWithFreshKeys()],
      };
    default:
      throw new InvalidOptionsError(
        `[pc:codec-test-configurations] unknown transforms ${JSON.stringify(transforms)}: use "none", "compression", "encryption" or "both"`,
      );
  }
}

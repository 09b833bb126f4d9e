import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { checkOptionNames } from '../adapter-kit/check-option-names.js';
import type { PayloadCodec } from '../contracts/payload-codec.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import {
  ENCRYPTION_CODEC_DEFAULTS,
  type EncryptionCodecOptions,
} from './encryption-codec-options.js';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_KEY_ID_BYTES = 64;
/** First byte of this codec's output: its layout, so that it can change later. */
const LAYOUT_VERSION = 1;

/**
 * A payload codec that encrypts values with AES-256-GCM (`node:crypto`): a
 * random 96-bit IV per value, the key id in the payload, and the entry's adapter
 * key as associated data, so a payload copied to another key does not decrypt.
 * Output: layout version (1 byte), key id length (1 byte), key id, IV (12),
 * auth tag (16), ciphertext. Its id, stored in the entries it encodes, is
 * `aes-256-gcm`. Anything that does not authenticate (a flipped bit anywhere,
 * truncation, a removed key, another key's payload) throws, so the entry reads
 * as a miss.
 * @throws InvalidOptionsError naming the option when `options` is invalid.
 */
export function createEncryptionCodec(options: EncryptionCodecOptions): PayloadCodec {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('[pc:aes-256-gcm] pass { keyring: { current, keys } }');
  }
  checkOptionNames(ALGORITHM, options, ['keyring', 'required']);
  const keys = resolveKeys(options.keyring);
  const currentId = options.keyring.current;
  if (typeof currentId !== 'string' || !keys.has(currentId)) {
    throw new InvalidOptionsError(
      `[pc:aes-256-gcm] set "keyring.current" to the id of a key in "keyring.keys", got ${JSON.stringify(currentId)}`,
    );
  }
  const required = options.required ?? ENCRYPTION_CODEC_DEFAULTS.required;
  if (typeof required !== 'boolean') {
    throw new InvalidOptionsError('[pc:aes-256-gcm] set "required" to true or false');
  }
  const current = keys.get(currentId)!;
  const currentHeader = header(currentId);
  return {
    id: ALGORITHM,
    required,
    encode(data, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, current, iv);
      cipher.setAAD(associatedData(currentHeader, context.key));
      const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
      return Buffer.concat([currentHeader, iv, cipher.getAuthTag(), ciphertext]);
    },
    decode(data, context) {
      if (data.length < 2 || data[0] !== LAYOUT_VERSION) throw new Error('unknown layout');
      const headerEnd = 2 + data[1]!;
      const start = headerEnd + IV_BYTES + TAG_BYTES;
      if (data.length < start) throw new Error('truncated');
      const key = keys.get(data.toString('utf8', 2, headerEnd));
      if (key === undefined) throw new Error('unknown key id');
      const decipher = createDecipheriv(
        ALGORITHM,
        key,
        data.subarray(headerEnd, headerEnd + IV_BYTES),
      );
      decipher.setAAD(associatedData(data.subarray(0, headerEnd), context.key));
      decipher.setAuthTag(data.subarray(headerEnd + IV_BYTES, start));
      return Buffer.concat([decipher.update(data.subarray(start)), decipher.final()]);
    },
  };
}

function resolveKeys(keyring: EncryptionCodecOptions['keyring']): Map<string, Buffer> {
  if (typeof keyring !== 'object' || keyring === null) {
    throw new InvalidOptionsError(
      '[pc:aes-256-gcm] set "keyring" to { current: id, keys: { [id]: 32-byte key } }',
    );
  }
  if (typeof keyring.keys !== 'object' || keyring.keys === null) {
    throw new InvalidOptionsError(
      '[pc:aes-256-gcm] set "keyring.keys" to an object of 32-byte keys by id',
    );
  }
  const keys = new Map<string, Buffer>();
  for (const [id, key] of Object.entries(keyring.keys)) {
    const idBytes = Buffer.byteLength(id);
    if (idBytes === 0 || idBytes > MAX_KEY_ID_BYTES) {
      throw new InvalidOptionsError(
        `[pc:aes-256-gcm] key ids in "keyring.keys" must be 1 to ${MAX_KEY_ID_BYTES} bytes, got ${JSON.stringify(id)}`,
      );
    }
    if (!(key instanceof Uint8Array) || key.byteLength !== KEY_BYTES) {
      throw new InvalidOptionsError(
        `[pc:aes-256-gcm] "keyring.keys[${JSON.stringify(id)}]" must be a ${KEY_BYTES}-byte Buffer or Uint8Array (AES-256), got ${key instanceof Uint8Array ? `${key.byteLength} bytes` : typeof key}`,
      );
    }
    // A copy: a caller that reuses or zeroes its buffer does not change the keyring.
    keys.set(id, Buffer.from(key));
  }
  return keys;
}

function header(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([Buffer.from([LAYOUT_VERSION, id.length]), id]);
}

/** The header (layout, key id) and the entry's adapter key are authenticated. */
function associatedData(headerBytes: Buffer, adapterKey: string): Buffer {
  return Buffer.concat([headerBytes, Buffer.from(adapterKey, 'utf8')]);
}

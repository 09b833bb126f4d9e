/**
 * Keys of `createEncryptionCodec`, by id. Values are encrypted with `current`
 * and decrypted with whichever key their entry names, so rotation is: add a key,
 * make it `current`, and remove the old one once its entries have expired or been
 * rewritten (entries under a removed key read as a miss and are replaced).
 */
export interface EncryptionKeyring {
  /** Id of the key new values are encrypted with; must be a key of `keys`. */
  readonly current: string;
  /**
   * Every key that may still be needed to decrypt, by id. A key is 32 bytes
   * (AES-256), e.g. `randomBytes(32)` or `Buffer.from(secret, 'base64')`. Ids are
   * stored in every entry in clear text: 1 to 64 bytes (UTF-8), not secret.
   */
  readonly keys: Readonly<Record<string, Uint8Array>>;
}

/** Options of `createEncryptionCodec`. */
export interface EncryptionCodecOptions {
  /** The keys (no default). */
  readonly keyring: EncryptionKeyring;
  /**
   * `true`: entries the codec did not encrypt (written before encryption was
   * enabled, or planted in clear text on the server) read as a miss and are
   * replaced. `false`: they read as they are.
   * @default true
   */
  readonly required?: boolean | undefined;
}

/** Defaults of `EncryptionCodecOptions`. */
export const ENCRYPTION_CODEC_DEFAULTS = {
  required: true,
} as const;

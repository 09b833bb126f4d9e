import type { PayloadCodec } from '../contracts/payload-codec.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';

const CODEC_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
/** Separates codec ids in an entry's codec marker (not a character ids may contain). */
const ID_SEPARATOR = ',';

/** A value body after the codecs: what goes into the envelope. */
export interface EncodedBody {
  /** The body: as given when no codec applied, else base64 of the codecs' output. */
  readonly body: string;
  /** Ids of the codecs that applied, in order, joined by `,`; `''` for none. */
  readonly codecs: string;
}

/**
 * The codecs of one cache or namespace (the `codecs` option), validated. Bodies
 * are strings in the adapter contract: codecs work on bytes, and their output is
 * stored as base64 (a body no codec changed is stored as it is).
 */
export class CodecChain {
  readonly #codecs: readonly PayloadCodec[];
  readonly #byId: ReadonlyMap<string, PayloadCodec>;
  readonly #required: readonly string[];

  private constructor(codecs: readonly PayloadCodec[]) {
    this.#codecs = codecs;
    this.#byId = new Map(codecs.map((codec) => [codec.id, codec]));
    this.#required = codecs.filter((codec) => codec.required === true).map((codec) => codec.id);
  }

  /**
   * The chain of a `codecs` option; `undefined` for none (`undefined` or `[]`).
   * @throws InvalidOptionsError naming `option` when a codec is malformed or ids repeat.
   */
  static of(codecs: unknown, option: string): CodecChain | undefined {
    if (codecs === undefined) return undefined;
    if (!Array.isArray(codecs)) {
      throw new InvalidOptionsError(
        `[pc:cache] set "${option}" to an array of codecs, e.g. [createGzipCodec()]`,
      );
    }
    const ids = new Set<string>();
    codecs.forEach((codec: Partial<PayloadCodec> | null, index) => {
      if (
        typeof codec !== 'object' ||
        codec === null ||
        typeof codec.encode !== 'function' ||
        typeof codec.decode !== 'function'
      ) {
        throw new InvalidOptionsError(
          `[pc:cache] "${option}[${index}]" is not a PayloadCodec: it needs encode() and decode() methods`,
        );
      }
      if (typeof codec.id !== 'string' || !CODEC_ID_PATTERN.test(codec.id)) {
        throw new InvalidOptionsError(
          `[pc:cache] "${option}[${index}].id" must be 1 to 32 characters of A-Z a-z 0-9 . _ -, got ${JSON.stringify(codec.id)}`,
        );
      }
      if (ids.has(codec.id)) {
        throw new InvalidOptionsError(
          `[pc:cache] "${option}" lists codec id ${JSON.stringify(codec.id)} twice; give each codec its own id`,
        );
      }
      ids.add(codec.id);
    });
    return codecs.length === 0 ? undefined : new CodecChain(codecs as PayloadCodec[]);
  }

  /** Runs the codecs in order over `body` (a `serializeValue` output) stored under `key`. */
  encode(body: string, key: string): EncodedBody {
    const context = { key };
    let data: Buffer | undefined;
    let marker = '';
    for (const codec of this.#codecs) {
      const encoded = codec.encode(data ?? Buffer.from(body, 'utf8'), context);
      if (encoded === undefined) continue;
      data = encoded;
      marker = marker === '' ? codec.id : marker + ID_SEPARATOR + codec.id;
    }
    return data === undefined
      ? { body, codecs: marker }
      : { body: data.toString('base64'), codecs: marker };
  }

  /**
   * Reverses `encode` for an entry marked with `marker` (`''`: no codec applied).
   * @returns the `serializeValue` output, or `undefined` when the entry must read
   *   as a miss: a codec failed, an id is not configured here, or a required
   *   codec (encryption) did not encode it.
   */
  decode(marker: string, body: string, key: string): string | undefined {
    const ids = marker === '' ? [] : marker.split(ID_SEPARATOR);
    for (const id of this.#required) if (!ids.includes(id)) return undefined;
    if (ids.length === 0) return body;
    const context = { key };
    let data: Buffer = Buffer.from(body, 'base64');
    try {
      for (let index = ids.length - 1; index >= 0; index--) {
        const codec = this.#byId.get(ids[index]!);
        if (codec === undefined) return undefined;
        data = codec.decode(data, context);
      }
    } catch {
      return undefined;
    }
    return data.toString('utf8');
  }
}

/** Encodes a body with `chain`, which may be absent (then the body stays as it is). */
export function encodeBody(chain: CodecChain | undefined, body: string, key: string): EncodedBody {
  return chain === undefined ? { body, codecs: '' } : chain.encode(body, key);
}

/** Decodes a body with `chain`, which may be absent (then only unmarked bodies read). */
export function decodeBody(
  chain: CodecChain | undefined,
  marker: string,
  body: string,
  key: string,
): string | undefined {
  if (chain !== undefined) return chain.decode(marker, body, key);
  return marker === '' ? body : undefined;
}

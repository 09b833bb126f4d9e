import { SerializationError } from '../errors/serialization-error.js';
import {
  BIGINT_MARKER,
  BUFFER_MARKER,
  BYTES_MARKER,
  DATE_MARKER,
  EXTENDED_JSON_KIND,
  MAP_MARKER,
  MARKER_PREFIX_CODE,
  NUMBER_MARKER,
  PLAIN_JSON_KIND,
  SET_MARKER,
  UNDEFINED_MARKER,
} from './type-markers.js';

/**
 * Decodes what `serializeValue` produced. Every call returns a fresh value: nothing
 * is shared between two reads of the same text.
 * @throws SerializationError when `text` was not produced by `serializeValue`.
 */
export function deserializeValue(text: string): unknown {
  const kind = text.charAt(0);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(1));
  } catch (error) {
    throw corrupt('the text is not JSON', error);
  }
  if (kind === PLAIN_JSON_KIND) return parsed;
  if (kind === EXTENDED_JSON_KIND) return decode(parsed);
  throw corrupt(`unknown encoding ${JSON.stringify(kind)}`);
}

function decode(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = decode(value[index]);
    return value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const first = keys[0];
  if (keys.length === 1 && first !== undefined && isMarker(first)) {
    return decodeMarker(first, object[first]);
  }
  let escaped = false;
  for (const key of keys) {
    if (key.charCodeAt(0) === MARKER_PREFIX_CODE) {
      if (!isEscaped(key)) throw corrupt(`unexpected marker ${JSON.stringify(key)}`);
      escaped = true;
    }
    object[key] = decode(object[key]);
  }
  if (!escaped) return object;
  // Rebuild rather than rename in place, so the key order survives.
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const name = key.charCodeAt(0) === MARKER_PREFIX_CODE ? key.slice(1) : key;
    Object.defineProperty(result, name, {
      value: object[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function isMarker(key: string): boolean {
  return key.charCodeAt(0) === MARKER_PREFIX_CODE && key.charCodeAt(1) !== MARKER_PREFIX_CODE;
}

function isEscaped(key: string): boolean {
  return key.charCodeAt(1) === MARKER_PREFIX_CODE;
}

function decodeMarker(marker: string, data: unknown): unknown {
  switch (marker) {
    case UNDEFINED_MARKER:
      return undefined;
    case NUMBER_MARKER:
      if (data === '-0') return -0;
      if (data === 'NaN') return Number.NaN;
      if (data === 'Infinity') return Number.POSITIVE_INFINITY;
      if (data === '-Infinity') return Number.NEGATIVE_INFINITY;
      break;
    case DATE_MARKER:
      if (data === null) return new Date(Number.NaN);
      if (typeof data === 'number') return new Date(data);
      break;
    case BIGINT_MARKER:
      if (typeof data === 'string' && /^-?\d+$/.test(data)) return BigInt(data);
      break;
    case BYTES_MARKER:
      // Copy out of Buffer's shared pool: the caller gets a Uint8Array of its own.
      if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'base64'));
      break;
    case BUFFER_MARKER:
      if (typeof data === 'string') return Buffer.from(data, 'base64');
      break;
    case MAP_MARKER:
      if (Array.isArray(data)) {
        const map = new Map<unknown, unknown>();
        for (const entry of data) {
          if (!Array.isArray(entry) || entry.length !== 2) throw corrupt('invalid map entry');
          map.set(decode(entry[0]), decode(entry[1]));
        }
        return map;
      }
      break;
    case SET_MARKER:
      if (Array.isArray(data)) return new Set(data.map(decode));
      break;
  }
  throw corrupt(`invalid ${JSON.stringify(marker)} marker`);
}

function corrupt(reason: string, cause?: unknown): SerializationError {
  return new SerializationError(`[pc:serializer] cannot deserialize the payload: ${reason}`, {
    cause,
  });
}

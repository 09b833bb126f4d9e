import { PcError } from '../errors/pc-error.js';
import { SerializationError } from '../errors/serialization-error.js';
import { isPlainJson } from './is-plain-json.js';
import {
  BIGINT_MARKER,
  BUFFER_MARKER,
  BYTES_MARKER,
  DATE_MARKER,
  EXTENDED_JSON_KIND,
  MAP_MARKER,
  MARKER_PREFIX,
  MARKER_PREFIX_CODE,
  NUMBER_MARKER,
  PLAIN_JSON_KIND,
  SET_MARKER,
  UNDEFINED_MARKER,
} from './type-markers.js';
import { formatValuePath, type PathSegment } from './value-path.js';

/**
 * Encodes a value as a string that `deserializeValue` turns back into an equal,
 * unaliased value.
 *
 * Accepted: JSON types, `undefined` (also nested, and array holes read back as
 * `undefined`), `NaN`, `±Infinity`, `-0`, `Date` (also invalid dates), `Map`, `Set`,
 * `BigInt`, `Uint8Array` and `Buffer`, plain objects (also with a `null`
 * prototype, read back with `Object.prototype`). Symbol-keyed and non-enumerable
 * properties are not part of the value and are dropped, as `JSON.stringify` does.
 *
 * Plain JSON values take a fast path: one allocation-free walk, then `JSON.stringify`.
 *
 * @throws SerializationError naming the path (e.g. `$.a.b[2]`) of a function, a
 *   symbol, a circular reference, or an instance of an unsupported class.
 */
export function serializeValue(value: unknown): string {
  try {
    if (isPlainJson(value)) return PLAIN_JSON_KIND + JSON.stringify(value);
    return EXTENDED_JSON_KIND + JSON.stringify(encode(value, [], new Set()));
  } catch (error) {
    if (PcError.isInstance(error)) throw error;
    // Stack overflow on absurdly deep values, or a throwing getter.
    throw new SerializationError(`[pc:serializer] cannot serialize the value: ${String(error)}`, {
      cause: error,
    });
  }
}

function encode(value: unknown, path: PathSegment[], ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (value === 0) return 1 / value > 0 ? 0 : { [NUMBER_MARKER]: '-0' };
      return Number.isFinite(value) ? value : { [NUMBER_MARKER]: String(value) };
    case 'undefined':
      return { [UNDEFINED_MARKER]: 1 };
    case 'bigint':
      return { [BIGINT_MARKER]: value.toString() };
    case 'function':
      throw fail(`a function${value.name ? ` (${value.name})` : ''}`, path);
    case 'symbol':
      throw fail(`a symbol (${value.toString()})`, path);
    case 'object':
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) throw fail('a circular reference', path);
  const prototype = Object.getPrototypeOf(object);

  if (prototype === Object.prototype || prototype === null) {
    ancestors.add(object);
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      path.push(key);
      const encoded = encode((object as Record<string, unknown>)[key], path, ancestors);
      path.pop();
      const escaped = key.charCodeAt(0) === MARKER_PREFIX_CODE ? MARKER_PREFIX + key : key;
      // defineProperty: a plain assignment to "__proto__" would set the prototype.
      Object.defineProperty(result, escaped, {
        value: encoded,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    ancestors.delete(object);
    return result;
  }

  if (prototype === Array.prototype) {
    const array = object as unknown[];
    ancestors.add(object);
    const result = new Array<unknown>(array.length);
    for (let index = 0; index < array.length; index++) {
      path.push(index);
      result[index] = encode(array[index], path, ancestors);
      path.pop();
    }
    ancestors.delete(object);
    return result;
  }

  if (prototype === Date.prototype) {
    // getTime via the prototype: a Date's own properties are not part of its value.
    const time = (object as Date).getTime();
    return { [DATE_MARKER]: Number.isNaN(time) ? null : time };
  }

  if (
    object instanceof Uint8Array &&
    (prototype === Uint8Array.prototype || Buffer.isBuffer(object))
  ) {
    const base64 = Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString(
      'base64',
    );
    return { [Buffer.isBuffer(object) ? BUFFER_MARKER : BYTES_MARKER]: base64 };
  }

  if (prototype === Map.prototype) {
    ancestors.add(object);
    const result: unknown[] = [];
    let index = 0;
    for (const [key, entryValue] of object as Map<unknown, unknown>) {
      path.push({ kind: 'map-key', index });
      const encodedKey = encode(key, path, ancestors);
      path.pop();
      path.push({ kind: 'map-value', index });
      result.push([encodedKey, encode(entryValue, path, ancestors)]);
      path.pop();
      index++;
    }
    ancestors.delete(object);
    return { [MAP_MARKER]: result };
  }

  if (prototype === Set.prototype) {
    ancestors.add(object);
    const result: unknown[] = [];
    let index = 0;
    for (const item of object as Set<unknown>) {
      path.push({ kind: 'set-item', index });
      result.push(encode(item, path, ancestors));
      path.pop();
      index++;
    }
    ancestors.delete(object);
    return { [SET_MARKER]: result };
  }

  throw fail(`an instance of class ${describeClass(object)}`, path);
}

function describeClass(object: object): string {
  const name = (object as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : '(anonymous)';
}

function fail(what: string, path: readonly PathSegment[]): SerializationError {
  return new SerializationError(
    `[pc:serializer] cannot serialize ${what} at ${formatValuePath(path)}; store plain data ` +
      '(JSON types, Date, Map, Set, BigInt, Uint8Array) instead',
  );
}

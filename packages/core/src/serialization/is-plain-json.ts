import { FAST_PATH_MAX_DEPTH } from './type-markers.js';

/**
 * `true` when `JSON.stringify` / `JSON.parse` round-trip `value` exactly: only
 * strings, finite numbers (not -0), booleans, null, plain arrays without holes and
 * plain objects. Allocates nothing, so the common case costs one walk plus
 * `JSON.stringify`. Keys that look like type markers need no escaping here: plain
 * JSON is read back with `JSON.parse` alone, which never interprets markers.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return value === 0 ? 1 / value > 0 : Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth >= FAST_PATH_MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let index = 0; index < value.length; index++) {
          if (!isPlainJson(value[index], depth + 1)) return false;
        }
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key in value) {
        if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

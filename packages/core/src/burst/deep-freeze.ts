/**
 * Freezes a plain JSON value (as `JSON.parse` returns it) in place, all the way
 * down, and returns it. Only for values the cache itself parsed: nobody else holds
 * a reference, so freezing cannot surprise a caller.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) deepFreeze(value[index]);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return Object.freeze(value);
}

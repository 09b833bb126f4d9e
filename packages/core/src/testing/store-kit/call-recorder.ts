/** One method call seen by a recorder. */
export interface RecordedCall {
  /** Method name. */
  readonly method: string;
  /** Arguments as passed. */
  readonly args: readonly unknown[];
}

/**
 * Wraps an object so every method call is appended to `calls` (then forwarded
 * with `this` bound to the object, so `#private` fields keep working).
 */
export function recordCalls<T extends object>(
  target: T,
): { readonly proxy: T; readonly calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const wrappers = new Map<PropertyKey, { original: unknown; wrapper: unknown }>();
  const proxy = new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const known = wrappers.get(property);
      if (known?.original === value) return known.wrapper;
      const wrapper = (...args: unknown[]) => {
        calls.push({ method: property, args });
        return (value as (...args: unknown[]) => unknown).apply(object, args);
      };
      wrappers.set(property, { original: value, wrapper });
      return wrapper;
    },
  });
  return { proxy, calls };
}

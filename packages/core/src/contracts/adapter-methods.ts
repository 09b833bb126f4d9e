/**
 * The data methods every adapter has (`CacheAdapter`), by name: what callers
 * check for, wrap or count. Identity members, `keys()` and `dispose()` are not
 * data methods.
 */
export const REQUIRED_DATA_METHODS = [
  'get',
  'getMany',
  'set',
  'setMany',
  'delete',
  'deleteMany',
  'clear',
] as const;

/**
 * The data methods an adapter has when its capabilities say so: conditional
 * writes, pruning, and a native tag index (`NativeTagAdapter`).
 */
export const OPTIONAL_DATA_METHODS = [
  'compareAndSet',
  'prune',
  'setTagged',
  'compareAndSetTagged',
  'invalidateTags',
] as const;

/** The name of a required or optional data method. */
export type AdapterDataMethod =
  | (typeof REQUIRED_DATA_METHODS)[number]
  | (typeof OPTIONAL_DATA_METHODS)[number];

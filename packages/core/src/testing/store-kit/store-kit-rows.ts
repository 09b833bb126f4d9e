import type { MethodName } from '../../proxies/proxy-routes.js';

type Arguments<Method> = Method extends (...args: infer Args) => unknown ? Args : never;
type IdOf<Method> = Arguments<Method> extends [readonly (infer Id)[], ...unknown[]] ? Id : unknown;

/**
 * A method whose result is cached under one key. The kit generates a miss
 * test (the source is called once; exactly `key` with exactly `tags` and
 * `ttlMilliseconds` is stored, plus `indexKeys`), a hit test (the source is not
 * called), a test per argument that changing it changes the key, and a place
 * in the invalidation matrix. Miss and hit run with and without the burst layer.
 */
export interface ReadRow<Method> {
  /** Row kind. */
  readonly kind: 'read';
  /** Tells rows of the same method apart in test names. */
  readonly title?: string;
  /** Arguments the method is called with. */
  readonly args: Arguments<Method>;
  /** The exact cache key the value is stored under, e.g. `"acls:a-1"`. */
  readonly key: string;
  /** The exact tags stored with it, in any order. @default [] */
  readonly tags?: readonly string[];
  /** The exact TTL stored, in milliseconds; `undefined` for an entry that never expires. */
  readonly ttlMilliseconds?: number;
  /** Index pointer keys written next to `key` on a miss (stores with `indices`). @default [] */
  readonly indexKeys?: readonly string[];
  /**
   * Argument paths that rightly do not change the key (`"2"`, `"0.traceId"`);
   * every other primitive argument, and each primitive member of an object
   * argument, must. @default []
   */
  readonly keyIgnores?: readonly string[];
}

/** One id of a `ReadManyRow` and where it is stored. */
export interface ReadManyEntry<Id> {
  /** The id, as it appears in the method's id list. */
  readonly id: Id;
  /** The exact cache key of this id. */
  readonly key: string;
  /** The exact tags stored with it, in any order. @default [] */
  readonly tags?: readonly string[];
  /** Index pointer keys written next to `key` on a miss. @default [] */
  readonly indexKeys?: readonly string[];
}

/**
 * A method that reads many ids at once. The kit generates all-miss (one source
 * call with every id; every entry stored exactly), all-hit (no source call) and
 * partial-hit (one source call with exactly the missing ids, in input order)
 * tests, each with and without the burst layer, and a place in the matrix.
 */
export interface ReadManyRow<Method> {
  /** Row kind. */
  readonly kind: 'read-many';
  /** Tells rows of the same method apart in test names. */
  readonly title?: string;
  /** The ids to read (at least two, all existing in the source), in call order. */
  readonly entries: readonly ReadManyEntry<IdOf<Method>>[];
  /** Builds the method's arguments from a list of ids. @default (ids) => [ids] */
  readonly args?: (ids: readonly IdOf<Method>[]) => Arguments<Method>;
  /**
   * Reads the ids the source was asked for from the arguments of its call.
   * @default (args) => args[0]
   */
  readonly loadedIds?: (sourceArgs: readonly unknown[]) => readonly unknown[];
  /** The exact TTL of every entry, in milliseconds; `undefined` for no expiry. */
  readonly ttlMilliseconds?: number;
}

/**
 * A method that writes (or deliberately reads without caching). The kit
 * generates a test that it reaches the source and makes exactly the declared
 * invalidation (one `Cache.invalidate` call), or no cache call at all when none
 * is declared, and a row of the invalidation matrix: after it, each read row
 * must miss exactly when its keys or tags are declared here, and return what
 * the source returns now.
 */
export interface WriteRow<Method> {
  /** Row kind. */
  readonly kind: 'write';
  /** Tells rows of the same method apart in test names. */
  readonly title?: string;
  /** Arguments the method is called with. */
  readonly args: Arguments<Method>;
  /** What the write invalidates; absent: nothing (no cache call at all). */
  readonly invalidates?: {
    /** Exact keys, in any order. @default [] */
    readonly keys?: readonly string[];
    /** Exact tags, in any order. @default [] */
    readonly tags?: readonly string[];
  };
}

/** Any row of a method. */
export type StoreRow<Method> = ReadRow<Method> | ReadManyRow<Method> | WriteRow<Method>;

/**
 * One or more rows per method of `Source`; leaving a method out does not compile.
 */
export type StoreRows<Source> = {
  readonly [Name in MethodName<Source>]-?:
    | StoreRow<Source[Name]>
    | readonly [StoreRow<Source[Name]>, ...StoreRow<Source[Name]>[]];
};

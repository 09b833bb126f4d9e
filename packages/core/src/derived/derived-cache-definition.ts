import type { BurstPolicy } from '../contracts/burst-policy.js';
import type { InvalidateEvent } from '../contracts/invalidate-event.js';
import type { StoreDefinition } from '../contracts/store-definition.js';

/**
 * What a derived cache may read: store definitions (layer 0) and derived cache
 * definitions of a lower layer, by the name the computation uses for them.
 */
export type DerivedCacheInputs = Readonly<
  Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: any store or derived cache, whatever its types
    StoreDefinition<any, any, any> | DerivedCacheDefinition<any, any, any>
  >
>;

/**
 * How a computation reads one input. Every entry read through it is recorded as
 * a dependency of the value being computed (including ids that do not exist: a
 * later invalidation of their key makes the derived value a miss too).
 */
export interface DerivedInputReader<Id, Value> {
  /** The value of `id` (through the cache), or `undefined` when it does not exist. */
  get(id: Id): Promise<Value | undefined>;
  /** The values of `ids` in one round trip; one slot per id, `undefined` where none exists. */
  getMany(ids: readonly Id[]): Promise<Array<Value | undefined>>;
}

/** The readers a computation gets: one per input, under the input's name in `uses`. */
export type DerivedInputReaders<Inputs extends DerivedCacheInputs> = {
  readonly [Name in keyof Inputs]: Inputs[Name] extends StoreDefinition<
    infer Id,
    infer Value,
    infer _Event extends InvalidateEvent
  >
    ? DerivedInputReader<Id, Value>
    : Inputs[Name] extends DerivedCacheDefinition<infer Args, infer Value, infer _Inputs>
      ? DerivedInputReader<Args, Value>
      : never;
};

/**
 * A derived cache: a value computed from stores and from other derived caches,
 * cached under its own key and invalidated whenever anything it read is. Write
 * one with `defineDerivedCache`, use it through `bindDerivedCache(cache, definition)`.
 *
 * - `Args` is the lookup argument (a string, a number, or a small object of them).
 * - `Value` is what `compute` returns; `undefined` means "nothing" and is not cached.
 * - `Inputs` are the stores and lower-layer derived caches `compute` may read.
 */
export interface DerivedCacheDefinition<Args, Value, Inputs extends DerivedCacheInputs> {
  /**
   * Unique name among the stores and derived caches bound to one cache,
   * `/^[A-Za-z0-9_.-]{1,64}$/`; the prefix of every key (`<name>:<key(args)>`).
   */
  readonly name: string;
  /**
   * The layer of this cache: stores are layer 0; a derived cache may use stores
   * and derived caches of a lower layer only, so caches can never depend on each
   * other in a circle. Use `layer: 2` for a cache that reads layer-1 caches.
   * @default 1
   */
  readonly layer?: number;
  /**
   * The stores and derived caches the computation reads, by the name it reads
   * them under. Read at definition time: each must already be defined (an
   * `undefined` input usually means two modules import each other).
   */
  readonly uses: Inputs;
  /**
   * The key of one lookup, without the cache's name prefix; a non-empty string
   * that changes with every part of `args` that changes the value.
   */
  key(args: Args): string;
  /**
   * Computes the value from the inputs. Read every input through `inputs` (never
   * through the bound stores or another cache): what is read there is what the
   * value depends on, and all it depends on. Keep the logic itself in a pure
   * helper shared with the service.
   * @returns the value, or `undefined` when there is none (not cached).
   */
  compute(args: Args, inputs: DerivedInputReaders<Inputs>): Promise<Value | undefined>;
  /**
   * Time to live in the shared adapter (L2), in milliseconds.
   * @default the Cache's `defaultTtlMilliseconds` (no expiry unless set there)
   */
  readonly ttlMilliseconds?: number;
  /**
   * Burst-layer (L1) policy of this cache's entries; `false` keeps them out of L1.
   * @default the Cache's burst settings
   */
  readonly burst?: BurstPolicy | false;
}

/**
 * What an adapter can do. The Cache reads these flags to emulate what is missing
 * (or throw `UnsupportedCapabilityError`), and the conformance suite reads the same
 * flags to decide which tests apply, so flags and tests cannot drift.
 */
export interface AdapterCapabilities {
  /**
   * Smallest TTL granularity the backend enforces, in milliseconds
   * (1 for Redis `PX`, 1000 for Memcached, 1 for in-process clocks).
   * Expiry is never later than `expiresAt` rounded up to this precision.
   */
  readonly ttlPrecisionMilliseconds: number;
  /**
   * Largest key the adapter accepts, in UTF-8 bytes, *after* the adapter's own
   * encoding. `Number.POSITIVE_INFINITY` when any key length works. Adapters with a
   * small limit must still accept longer keys by hashing them (never truncating).
   */
  readonly maxKeyBytes: number;
  /**
   * Largest payload the adapter stores, in UTF-8 bytes of `AdapterEntry.payload`.
   * A larger payload is rejected with `ValueTooLargeError` before anything is written.
   * `Number.POSITIVE_INFINITY` when there is no limit.
   */
  readonly maxValueBytes: number;
  /**
   * `true` when the adapter implements `NativeTagAdapter` (tag index kept by the
   * backend). `false`: the Cache uses its tag-version strategy on plain entries.
   */
  readonly nativeTags: boolean;
  /** `true` when `prune()` is implemented (explicit removal of expired entries). */
  readonly prune: boolean;
  /** `true` when the adapter can enumerate its keys (`keys()` is implemented). */
  readonly enumerateKeys: boolean;
  /** `true` when entries survive a restart of the process (filesystem, Redis, ...). */
  readonly persistent: boolean;
  /**
   * `true` when two adapter instances created with the same options see each
   * other's writes (Redis, Memcached, filesystem); `false` for in-process memory.
   */
  readonly sharedAcrossInstances: boolean;
  /**
   * `true` when the backend evicts entries by itself under memory pressure
   * (LRU caps, Memcached slabs). The Cache then treats missing tag metadata as
   * a normal event, not as corruption.
   */
  readonly evicts: boolean;
  /**
   * `true` when `compareAndSet()` is implemented, atomically against every other
   * instance sharing the backend. The Cache then fills entries through leases
   * that an invalidation, an eviction or a restart can only make fail. Absent or
   * `false`: the Cache emulates it with a read and a write, which is atomic only
   * against operations of this process (docs/decisions/fill-leases.md in the pc
   * repository explains both).
   */
  readonly compareAndSet?: boolean | undefined;
}

/** One entry the Cache is about to write, already serialized. */
export interface PendingWrite {
  /** Encoded adapter key. */
  readonly adapterKey: string;
  /** `serializeValue` output. */
  readonly body: string;
  /** Absolute expiry (ms epoch); `undefined` = never. At or before now removes the entry. */
  readonly expiresAt: number | undefined;
  /** Tag keys the entry depends on (user tags and namespace tags). */
  readonly tagKeys: readonly string[];
  /**
   * Versions read before the value was produced (the invalidation fence). They
   * cover every key of `tagKeys`. `undefined`: use the versions current at write time.
   */
  readonly capturedVersions: ReadonlyMap<string, string> | undefined;
  /**
   * Header pairs written before the tag pairs: the runtime's key fence pair
   * (`['', version]`). Absent for plain `set` writes.
   */
  readonly extraPairs?: readonly string[] | undefined;
}

/**
 * How entries are tied to tags: tag versions kept in plain entries (works on every
 * adapter) or the adapter's own tag index. Internal to the Cache.
 */
export interface TagStrategy {
  /** Current version of each tag key, creating version records that are missing. */
  readVersions(tagKeys: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /**
   * Writes entries: one adapter call for the entries (`set` for a lone write from
   * `Cache.set`, else `setMany`), at most one read and one write of versions.
   */
  write(writes: readonly PendingWrite[], lone: boolean): Promise<boolean[]>;
  /** Makes every entry tied to any of `tagKeys` unreadable; rejects with `InvalidationError`. */
  invalidate(tagKeys: readonly string[]): Promise<void>;
}

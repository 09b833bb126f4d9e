import type { EntryMeta } from '../entries/entry-envelope.js';

/** One entry the Cache is about to write, already serialized. */
export interface PendingWrite {
  /** Encoded adapter key. */
  readonly adapterKey: string;
  /** `serializeValue` output, encoded by the codecs named in `codecs`. */
  readonly body: string;
  /** Ids of the codecs that encoded `body`, joined by `,`; `''` for none (see `encodeEnvelope`). */
  readonly codecs: string;
  /** Absolute expiry (ms epoch); `undefined` = never. At or before now removes the entry. */
  readonly expiresAt: number | undefined;
  /** Tag keys the entry depends on (user tags and namespace tags). */
  readonly tagKeys: readonly string[];
  /**
   * Versions read before the value was produced (the invalidation fence). They
   * cover every key of `tagKeys`. `undefined`: use the versions current at write time.
   */
  readonly capturedVersions: ReadonlyMap<string, string> | undefined;
  /** Freshness metadata (grace, early refresh); `expiresAt` is then the end of the grace window. */
  readonly meta?: EntryMeta | undefined;
}

/** A fill: a write that replaces the lease placeholder `lease` and nothing else. */
export interface PendingFill extends PendingWrite {
  /** The payload of the lease the slot must still hold (`encodeLease(token)`). */
  readonly lease: string;
}

/**
 * How entries are tied to tags: tag versions kept in plain entries (works on every
 * adapter) or the adapter's own tag index. Internal to the Cache.
 */
export interface TagStrategy {
  /** `false` for an adapter's native tag index: there are no versions to capture. */
  readonly usesVersions: boolean;
  /** Current version of each tag key, creating version records that are missing. */
  readVersions(tagKeys: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /**
   * Writes entries unconditionally: one adapter call for the entries (`set` for a
   * lone write from `Cache.set`, else `setMany`), at most one read and one write of
   * versions.
   */
  write(writes: readonly PendingWrite[], lone: boolean): Promise<boolean[]>;
  /**
   * Writes entries each only while its slot still holds its lease (one
   * `compareAndSet`). @returns one boolean per fill: `true` when stored.
   */
  fill(fills: readonly PendingFill[]): Promise<boolean[]>;
  /** Makes every entry tied to any of `tagKeys` unreadable; rejects with `InvalidationError`. */
  invalidate(tagKeys: readonly string[]): Promise<void>;
}

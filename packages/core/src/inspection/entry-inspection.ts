/** What an inspected slot holds (see `EntryInspection.state`). */
export type InspectedState =
  /** A value a read would return: every tag version is current. */
  | 'value'
  /**
   * A valid value past its TTL, kept for its grace window: `get` misses, `getOrLoad`
   * loads, and serves it only when the load fails or is slow (`graceMilliseconds`).
   */
  | 'stale'
  /** A value a read would NOT return: a tag or namespace was invalidated since it was stored. */
  | 'outdated'
  /** A lease placeholder: a load of this key is running somewhere (or died holding it). */
  | 'lease'
  /** Nothing stored (or expired). */
  | 'absent'
  /** Encoded by codecs the inspector was not given (or a key it lacks, or tampered with). */
  | 'undecodable'
  /** Not a pc entry, or damaged. */
  | 'corrupt'
  /** Written by a newer pc, whose format this one leaves alone. */
  | 'newer-format';

/** One tag (or enclosing namespace) an entry depends on, and whether it is still current. */
export interface InspectedTag {
  /** `tag` for a user tag, `namespace` for the implicit tag of an enclosing namespace. */
  readonly kind: 'tag' | 'namespace';
  /** The tag as given to `set` / `getOrLoad`, or the namespace path joined by `/`. */
  readonly name: string;
  /** The version stored with the entry. */
  readonly storedVersion: string;
  /** The tag's current version record; `undefined` when the record is gone (the entry then misses). */
  readonly currentVersion: string | undefined;
  /** `true` when `storedVersion` is the current version. */
  readonly current: boolean;
}

/**
 * One entry as stored in the adapter, taken apart for an operator (what `pc get`
 * shows). Reading it changes nothing: no tag record is created, nothing is deleted.
 */
export interface EntryInspection {
  /** The user key. */
  readonly key: string;
  /** Namespace names from the root down; empty for the root cache. */
  readonly namespacePath: readonly string[];
  /** The key the adapter stores the entry under. */
  readonly adapterKey: string;
  readonly state: InspectedState;
  /** The decoded value, for `value` and `outdated`; `undefined` otherwise. */
  readonly value?: unknown;
  /** `true` when `value` is plain JSON (no Map, Set, Date, BigInt, bytes or `undefined` inside). */
  readonly plainJson?: boolean;
  /** Absolute expiry, milliseconds since the Unix epoch; `undefined`: no expiry (or nothing stored). */
  readonly expiresAt?: number | undefined;
  /** Milliseconds left until `expiresAt`, at the time of the read. */
  readonly ttlMilliseconds?: number | undefined;
  /** UTF-8 bytes of the whole stored payload (header, tags and encoded body); 0 when absent. */
  readonly sizeBytes: number;
  /** UTF-8 bytes of the serialized value once the codecs are reversed (`value` and `outdated`). */
  readonly valueBytes?: number;
  /** Ids of the codecs that encoded the value, in the order they ran; empty for none. */
  readonly codecs: readonly string[];
  /** Tags and namespaces the value depends on, with their versions (empty for a lease or nothing). */
  readonly tags: readonly InspectedTag[];
  /** The lease token, for `lease`. */
  readonly leaseToken?: string;
  /**
   * For an entry stored with grace or early refresh: when its TTL ends (ms epoch).
   * `expiresAt` is then when the backend drops it (the end of the grace window).
   */
  readonly freshUntil?: number;
  /** For a lease: it carries the value it replaced (a refresh or a load in grace is running). */
  readonly carriesValue?: boolean;
}

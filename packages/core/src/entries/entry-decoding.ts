import { type CodecChain, decodeBody } from '../codecs/codec-chain.js';
import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import {
  decodeEnvelope,
  type EntryEnvelope,
  type EntryMeta,
  untaggedBodyOf,
} from './entry-envelope.js';

/** The tag keys of every untagged value read (never written to: shared). */
const NO_TAG_KEYS: readonly string[] = Object.freeze([]);

/** Records already read, by adapter key; a present key with `undefined` was missing. */
export type PrefetchedRecords = ReadonlyMap<string, string | undefined>;

/** What one L2 slot holds, as far as a reader is concerned. */
export type DecodedEntry =
  /** A value whose tag versions are all current (its body is not deserialized yet). */
  | DecodedValue
  /**
   * A lease placeholder: a load of this key is running somewhere. `carried`: the
   * value the lease replaced (stale in grace, or fresh and being refreshed early),
   * when it is still valid.
   */
  | {
      readonly kind: 'lease';
      readonly token: string;
      readonly payload: string;
      readonly carried: DecodedValue | undefined;
    }
  /** Nothing there. */
  | { readonly kind: 'absent' }
  /**
   * Something that must read as a miss: a tag was invalidated since its load or
   * its tag metadata is gone (`outdated`), it is `corrupt` (also: its codecs
   * could not decode it, e.g. tampered or under a removed key), or it has a newer
   * format that this process leaves alone.
   */
  | { readonly kind: 'unreadable'; readonly payload: string; readonly reason: UnreadableReason };

/** Why an entry reads as a miss although something is there. */
export type UnreadableReason = 'outdated' | 'corrupt' | 'newer-format';

/** A value whose tag versions are all current (its body is not deserialized yet). */
export interface DecodedValue {
  readonly kind: 'value';
  /** The `serializeValue` output, codecs already reversed. */
  readonly body: string;
  /** Tag keys the value depends on (user tags and namespace tags). */
  readonly tagKeys: readonly string[];
  /** When the backend drops it (ms epoch); `undefined`: never. */
  readonly expiresAt: number | undefined;
  /** Freshness metadata, for entries stored with a grace window or early refresh. */
  readonly meta: EntryMeta | undefined;
  readonly payload: string;
}

/** `true` while `value` is within its TTL (entries without metadata are fresh until dropped). */
export function isFresh(value: DecodedValue, now: number): boolean {
  return value.meta === undefined || now < value.meta.freshUntil;
}

const ABSENT: DecodedEntry = { kind: 'absent' };

/**
 * The one place where L2 slots become values: envelopes are decoded, and the tag
 * pairs of every value are checked against the current tag version records, with
 * at most one adapter `getMany` for the records not in `prefetched`. A tag pair is
 * valid when its record holds the same version; a missing record never matches
 * (lost metadata fails closed). With a native tag index (`versionsKept: false`)
 * values carry no pairs and the adapter answers for their tags; one that carries
 * pairs was written without the index and reads as a miss. Bodies of valid
 * entries go back through `codecs` (for the adapter key at the same index of
 * `keys`); one they cannot decode is corrupt.
 *
 * @returns one decoded slot per entry. Rejects when the record read fails.
 */
export function decodeEntries(
  adapter: CacheAdapter,
  versionsKept: boolean,
  entries: ReadonlyArray<AdapterEntry | undefined>,
  keys: readonly string[],
  codecs: CodecChain | undefined,
  prefetched?: PrefetchedRecords,
): Promise<DecodedEntry[]> | DecodedEntry[] {
  const slots = new Array<DecodedEntry>(entries.length);
  /** Entries whose tags have records not read yet: decoded once those are in. */
  let waiting: Array<{ readonly index: number; readonly envelope: Envelope }> | undefined;
  let needed: Set<string> | undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (entry === undefined) {
      slots[index] = ABSENT;
      continue;
    }
    const untagged = codecs === undefined ? untaggedBodyOf(entry.payload) : undefined;
    if (untagged !== undefined) {
      // An untagged entry without codecs or metadata (see `untaggedBodyOf`).
      slots[index] = valueSlot(entry, entry.payload, untagged, NO_TAG_KEYS, undefined);
      continue;
    }
    const envelope = decodeEnvelope(entry.payload);
    const missing = versionsKept ? missingRecords(envelope, prefetched) : undefined;
    if (missing === undefined) {
      slots[index] = decodeSlot(entry, envelope, keys[index]!, prefetched, versionsKept, codecs);
      continue;
    }
    needed ??= new Set();
    for (const key of missing) needed.add(key);
    waiting ??= [];
    waiting.push({ index, envelope });
  }
  // Everything known already (the common case): no extra read, and no await.
  if (waiting === undefined || needed === undefined) return slots;
  const recordKeys = [...needed];
  return adapter.getMany(recordKeys).then((read) => {
    // The keys read now are exactly those `prefetched` lacked.
    const records = new Map<string, string | undefined>(prefetched);
    recordKeys.forEach((key, index) => {
      records.set(key, read[index]?.payload);
    });
    for (const { index, envelope } of waiting) {
      slots[index] = decodeSlot(
        entries[index]!,
        envelope,
        keys[index]!,
        records,
        versionsKept,
        codecs,
      );
    }
    return slots;
  });
}

type Envelope = ReturnType<typeof decodeEnvelope>;

/**
 * The tag keys of a value (or of the value a lease carries) whose records are not
 * in `prefetched`; `undefined` when none are missing.
 */
function missingRecords(
  envelope: Envelope,
  prefetched: PrefetchedRecords | undefined,
): string[] | undefined {
  const inner = carriedOrSelf(envelope);
  if (!isValue(inner)) return undefined;
  const pairs = inner.tagVersions;
  let missing: string[] | undefined;
  for (let index = 0; index < pairs.length; index += 2) {
    const key = pairs[index]!;
    if (prefetched?.has(key)) continue;
    missing ??= [];
    missing.push(key);
  }
  return missing;
}

/** One slot from its entry and envelope, tag versions looked up in `records`. */
function decodeSlot(
  entry: AdapterEntry,
  envelope: Envelope,
  key: string,
  records: PrefetchedRecords | undefined,
  versionsKept: boolean,
  codecs: CodecChain | undefined,
): DecodedEntry {
  if (envelope === 'corrupt' || envelope === 'newer-format') {
    return { kind: 'unreadable', payload: entry.payload, reason: envelope };
  }
  if ('lease' in envelope) {
    let carried: DecodedValue | undefined;
    if (envelope.carried !== undefined) {
      const inner = decodeEnvelope(envelope.carried);
      if (isValue(inner)) {
        const value = decodeValue(
          inner,
          envelope.carried,
          entry,
          key,
          records,
          versionsKept,
          codecs,
        );
        if (value.kind === 'value') carried = value;
      }
    }
    return { kind: 'lease', token: envelope.lease, payload: entry.payload, carried };
  }
  return decodeValue(envelope, entry.payload, entry, key, records, versionsKept, codecs);
}

/** A value slot: `body` decoded from `payload`, the whole slot of `entry` or the value its lease carries. */
function valueSlot(
  entry: AdapterEntry,
  payload: string,
  body: string,
  tagKeys: readonly string[],
  meta: EntryMeta | undefined,
): DecodedValue {
  return { kind: 'value', body, tagKeys, expiresAt: entry.expiresAt, meta, payload };
}

/** A value envelope checked against the tag versions (`records`) and decoded by the codecs. */
function decodeValue(
  envelope: EntryEnvelope,
  payload: string,
  entry: AdapterEntry,
  key: string,
  records: PrefetchedRecords | undefined,
  versionsKept: boolean,
  codecs: CodecChain | undefined,
): DecodedValue | DecodedEntry {
  const pairs = envelope.tagVersions;
  let tagKeys = NO_TAG_KEYS;
  if (pairs.length > 0) {
    const checked: string[] = [];
    for (let pair = 0; pair < pairs.length; pair += 2) {
      const tagKey = pairs[pair]!;
      // With a native tag index, versions are not kept: a pair cannot be checked.
      if (!versionsKept || records?.get(tagKey) !== pairs[pair + 1]) {
        return { kind: 'unreadable', payload, reason: 'outdated' };
      }
      checked.push(tagKey);
    }
    tagKeys = checked;
  }
  // Only now, once the tags are valid: codecs (decryption) may cost.
  const body = decodeBody(codecs, envelope.codecs, envelope.body, key);
  if (body === undefined) return { kind: 'unreadable', payload, reason: 'corrupt' };
  return valueSlot(entry, payload, body, tagKeys, envelope.meta);
}

/** The envelope a lease carries, or the envelope itself. */
function carriedOrSelf(envelope: Envelope): Envelope | undefined {
  if (typeof envelope !== 'object' || !('lease' in envelope)) return envelope;
  return envelope.carried === undefined ? undefined : decodeEnvelope(envelope.carried);
}

function isValue(envelope: Envelope | undefined): envelope is EntryEnvelope {
  return typeof envelope === 'object' && 'body' in envelope;
}

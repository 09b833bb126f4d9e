import { type CodecChain, decodeBody } from '../codecs/codec-chain.js';
import type { AdapterEntry } from '../contracts/adapter-entry.js';
import type { CacheAdapter } from '../contracts/cache-adapter.js';
import { decodeEnvelope, type EntryEnvelope, type EntryMeta } from './entry-envelope.js';

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
  const reader: SlotReader = { versionsKept, entries, keys, codecs };
  const envelopes = entries.map((entry) =>
    entry === undefined ? undefined : decodeEnvelope(entry.payload),
  );
  let needed: Set<string> | undefined;
  for (const decoded of envelopes) {
    const envelope = carriedOrSelf(decoded);
    if (!versionsKept || !isValue(envelope)) continue;
    const pairs = envelope.tagVersions;
    for (let index = 0; index < pairs.length; index += 2) {
      const key = pairs[index]!;
      if (prefetched?.has(key)) continue;
      needed ??= new Set();
      needed.add(key);
    }
  }
  // Everything known already (the common case): no extra read, and no await.
  if (needed === undefined) return decodeSlots(reader, envelopes, undefined, prefetched);
  const recordKeys = [...needed];
  return adapter.getMany(recordKeys).then((records) => {
    const fetched = new Map<string, string | undefined>();
    recordKeys.forEach((key, index) => {
      fetched.set(key, records[index]?.payload);
    });
    return decodeSlots(reader, envelopes, fetched, prefetched);
  });
}

interface SlotReader {
  readonly versionsKept: boolean;
  readonly entries: ReadonlyArray<AdapterEntry | undefined>;
  readonly keys: readonly string[];
  readonly codecs: CodecChain | undefined;
}

function decodeSlots(
  { versionsKept, entries, keys, codecs }: SlotReader,
  envelopes: ReadonlyArray<ReturnType<typeof decodeEnvelope> | undefined>,
  fetched: ReadonlyMap<string, string | undefined> | undefined,
  prefetched: PrefetchedRecords | undefined,
): DecodedEntry[] {
  const lookup = (key: string) => (fetched?.has(key) ? fetched.get(key) : prefetched?.get(key));
  return entries.map((entry, index): DecodedEntry => {
    if (entry === undefined) return ABSENT;
    const envelope = envelopes[index]!;
    if (envelope === 'corrupt' || envelope === 'newer-format') {
      return { kind: 'unreadable', payload: entry.payload, reason: envelope };
    }
    if ('lease' in envelope) {
      let carried: DecodedValue | undefined;
      if (envelope.carried !== undefined) {
        const inner = decodeEnvelope(envelope.carried);
        if (isValue(inner)) {
          const value = decodeValue(inner, envelope.carried, entry, keys[index]!, lookup, {
            versionsKept,
            codecs,
          });
          if (value.kind === 'value') carried = value;
        }
      }
      return { kind: 'lease', token: envelope.lease, payload: entry.payload, carried };
    }
    return decodeValue(envelope, entry.payload, entry, keys[index]!, lookup, {
      versionsKept,
      codecs,
    });
  });
}

/** A value envelope checked against the tag versions (`lookup`) and decoded by the codecs. */
function decodeValue(
  envelope: EntryEnvelope,
  payload: string,
  entry: AdapterEntry,
  key: string,
  lookup: (tagKey: string) => string | undefined,
  { versionsKept, codecs }: Pick<SlotReader, 'versionsKept' | 'codecs'>,
): DecodedValue | DecodedEntry {
  const pairs = envelope.tagVersions;
  let tagKeys = NO_TAG_KEYS;
  if (pairs.length > 0) {
    const checked: string[] = [];
    for (let pair = 0; pair < pairs.length; pair += 2) {
      const tagKey = pairs[pair]!;
      // With a native tag index, versions are not kept: a pair cannot be checked.
      if (!versionsKept || lookup(tagKey) !== pairs[pair + 1]) {
        return { kind: 'unreadable', payload, reason: 'outdated' };
      }
      checked.push(tagKey);
    }
    tagKeys = checked;
  }
  // Only now, once the tags are valid: codecs (decryption) may cost.
  const body = decodeBody(codecs, envelope.codecs, envelope.body, key);
  if (body === undefined) return { kind: 'unreadable', payload, reason: 'corrupt' };
  return {
    kind: 'value',
    body,
    tagKeys,
    expiresAt: entry.expiresAt,
    meta: envelope.meta,
    payload,
  };
}

/** The envelope a lease carries, or the envelope itself. */
function carriedOrSelf(
  envelope: ReturnType<typeof decodeEnvelope> | undefined,
): ReturnType<typeof decodeEnvelope> | undefined {
  if (typeof envelope !== 'object' || !('lease' in envelope)) return envelope;
  return envelope.carried === undefined ? undefined : decodeEnvelope(envelope.carried);
}

function isValue(
  envelope: ReturnType<typeof decodeEnvelope> | undefined,
): envelope is EntryEnvelope {
  return typeof envelope === 'object' && 'body' in envelope;
}

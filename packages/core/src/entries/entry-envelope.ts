/**
 * Format version of entry payloads, their first character. A reader that meets a
 * newer version treats the entry as a miss and leaves it alone (a newer process
 * wrote it); anything else it cannot read is corrupt.
 */
export const ENVELOPE_FORMAT_VERSION = '1';
/**
 * Format of entries whose body went through codecs (compression, encryption):
 * `2` + codec marker + `\n` + the rest as in format 1. Bodies no codec changed are
 * written as format 1, which every version reads.
 */
export const CODEC_ENVELOPE_FORMAT_VERSION = '2';
/**
 * Format of entries that carry freshness metadata (grace, early refresh):
 * `3` + metadata + `;` + codec marker + `\n` + the rest as in format 1. Entries
 * without such options are still written as format 1 or 2.
 */
export const META_ENVELOPE_FORMAT_VERSION = '3';
/**
 * First character of a lease placeholder: `L` + token. A lease holds an entry's
 * key while its value is being loaded (see docs/decisions/fill-leases.md).
 */
export const LEASE_PREFIX = 'L';
const NEWER_FORMAT_VERSIONS = '456789';
/** Shared by every untagged entry read: nothing to allocate per read. */
const NO_TAG_VERSIONS: readonly string[] = Object.freeze([]);
const HEADER_END = '\n';
const HEADER_END_CODE = HEADER_END.charCodeAt(0);
const FORMAT_1_CODE = ENVELOPE_FORMAT_VERSION.charCodeAt(0);
const META_END = ';';
const META_SEPARATOR = ',';

/** An entry payload taken apart. */
export interface EntryEnvelope {
  /** Tag key, version, tag key, version, ... as of the load; empty when untagged. */
  readonly tagVersions: readonly string[];
  /** The serialized value (`serializeValue` output), encoded by the codecs of `codecs`. */
  readonly body: string;
  /** Ids of the codecs that encoded `body`, in order, joined by `,`; `''` for none. */
  readonly codecs: string;
  /** Freshness metadata (format 3), `undefined` for format 1 and 2 entries. */
  readonly meta: EntryMeta | undefined;
}

/**
 * When an entry stops being fresh, kept in the entry itself because the backend's
 * expiry is later when the entry has a grace window (it stays readable, past its
 * TTL, as a fallback for failed or slow loads).
 */
export interface EntryMeta {
  /** End of the entry's TTL (ms epoch): after it the entry is stale (in grace). */
  readonly freshUntil: number;
  /** The TTL it was stored with, in milliseconds (early refresh thresholds). */
  readonly ttlMilliseconds: number;
  /** How long its load took, in milliseconds (probabilistic early refresh). */
  readonly loadMilliseconds: number;
}

/**
 * A lease placeholder: somebody is loading this key. `carried` is the entry the
 * lease replaced, kept inside it while the load runs (a stale entry in grace, or a
 * fresh one being refreshed early), so that it can still be served and be put back
 * if the load fails.
 */
export interface LeasePayload {
  readonly lease: string;
  readonly carried: string | undefined;
}

/** Why `decodeEnvelope` could not read a payload as a value. */
export type EnvelopeFailure = 'corrupt' | 'newer-format';

/**
 * Format 1: `1` + header + `\n` + body. The header is empty or a JSON array of
 * strings (tag key, version, ...). JSON never contains a raw newline, so the first
 * `\n` ends the header, and the body stays untouched (decoded only once the tags
 * have been validated). Format 2 (`codecs` not empty): `2` + codecs + `\n` + header
 * + `\n` + body; codec ids contain no newline.
 */
export function encodeEnvelope(
  body: string,
  tagVersions: readonly string[],
  codecs = '',
  meta?: EntryMeta,
): string {
  const header = tagVersions.length === 0 ? '' : JSON.stringify(tagVersions);
  if (meta !== undefined) {
    const fields = [meta.freshUntil, meta.ttlMilliseconds, meta.loadMilliseconds]
      .map((field) => Math.max(0, Math.round(field)).toString(36))
      .join(META_SEPARATOR);
    return (
      META_ENVELOPE_FORMAT_VERSION +
      fields +
      META_END +
      codecs +
      HEADER_END +
      header +
      HEADER_END +
      body
    );
  }
  if (codecs === '') return ENVELOPE_FORMAT_VERSION + header + HEADER_END + body;
  return CODEC_ENVELOPE_FORMAT_VERSION + codecs + HEADER_END + header + HEADER_END + body;
}

/**
 * The payload of a lease placeholder with `token`, carrying the payload of the
 * entry it replaces when that entry may still be served (tokens never contain a
 * newline: see `newVersion`).
 */
export function encodeLease(token: string, carried?: string): string {
  return carried === undefined ? LEASE_PREFIX + token : LEASE_PREFIX + token + HEADER_END + carried;
}

/**
 * The body of a format-1 envelope without tags (what most entries are), or
 * `undefined` for any other payload: the read path's shortcut past
 * `decodeEnvelope`, which gives the same body for such a payload.
 */
export function untaggedBodyOf(payload: string): string | undefined {
  return payload.charCodeAt(0) === FORMAT_1_CODE && payload.charCodeAt(1) === HEADER_END_CODE
    ? payload.slice(2)
    : undefined;
}

export function decodeEnvelope(payload: string): EntryEnvelope | LeasePayload | EnvelopeFailure {
  const version = payload.charAt(0);
  if (version === ENVELOPE_FORMAT_VERSION) return decodeHeaderAndBody(payload, 1, '');
  if (version === CODEC_ENVELOPE_FORMAT_VERSION) {
    const end = payload.indexOf(HEADER_END, 1);
    // A format-2 entry names at least one codec.
    if (end <= 1) return 'corrupt';
    return decodeHeaderAndBody(payload, end + 1, payload.slice(1, end));
  }
  if (version === META_ENVELOPE_FORMAT_VERSION) return decodeWithMeta(payload);
  if (version === LEASE_PREFIX && payload.length > 1) {
    const end = payload.indexOf(HEADER_END, 1);
    if (end < 0) return { lease: payload.slice(1), carried: undefined };
    if (end === 1) return 'corrupt';
    return { lease: payload.slice(1, end), carried: payload.slice(end + 1) };
  }
  return version !== '' && NEWER_FORMAT_VERSIONS.includes(version) ? 'newer-format' : 'corrupt';
}

/** A format 3 payload: metadata fields, codec marker, then as format 1. */
function decodeWithMeta(payload: string): EntryEnvelope | EnvelopeFailure {
  const metaEnd = payload.indexOf(META_END, 1);
  const markerEnd = payload.indexOf(HEADER_END, 1);
  if (metaEnd < 0 || markerEnd < metaEnd) return 'corrupt';
  const fields = payload.slice(1, metaEnd).split(META_SEPARATOR);
  if (fields.length < 3) return 'corrupt';
  const [freshUntil, ttlMilliseconds, loadMilliseconds] = fields.map((field) =>
    /^[0-9a-z]{1,12}$/.test(field) ? Number.parseInt(field, 36) : Number.NaN,
  ) as [number, number, number];
  if (Number.isNaN(freshUntil) || Number.isNaN(ttlMilliseconds) || Number.isNaN(loadMilliseconds))
    return 'corrupt';
  const meta = { freshUntil, ttlMilliseconds, loadMilliseconds };
  return decodeHeaderAndBody(payload, markerEnd + 1, payload.slice(metaEnd + 1, markerEnd), meta);
}

/** The header (from `start`) and the body of a format 1, 2 or 3 payload. */
function decodeHeaderAndBody(
  payload: string,
  start: number,
  codecs: string,
  meta?: EntryMeta,
): EntryEnvelope | EnvelopeFailure {
  const end = payload.indexOf(HEADER_END, start);
  if (end < 0) return 'corrupt';
  const body = payload.slice(end + 1);
  if (end === start) return { tagVersions: NO_TAG_VERSIONS, body, codecs, meta };
  let header: unknown;
  try {
    header = JSON.parse(payload.slice(start, end));
  } catch {
    return 'corrupt';
  }
  if (!Array.isArray(header) || header.length % 2 !== 0) return 'corrupt';
  for (const item of header) if (typeof item !== 'string' || item === '') return 'corrupt';
  return { tagVersions: header as string[], body, codecs, meta };
}

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
 * First character of a lease placeholder: `L` + token. A lease holds an entry's
 * key while its value is being loaded (see docs/decisions/fill-leases.md).
 */
export const LEASE_PREFIX = 'L';
const NEWER_FORMAT_VERSIONS = '3456789';
const HEADER_END = '\n';

/** An entry payload taken apart. */
export interface EntryEnvelope {
  /** Tag key, version, tag key, version, ... as of the load; empty when untagged. */
  readonly tagVersions: readonly string[];
  /** The serialized value (`serializeValue` output), encoded by the codecs of `codecs`. */
  readonly body: string;
  /** Ids of the codecs that encoded `body`, in order, joined by `,`; `''` for none. */
  readonly codecs: string;
}

/** A lease placeholder: somebody is loading this key. */
export interface LeasePayload {
  readonly lease: string;
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
export function encodeEnvelope(body: string, tagVersions: readonly string[], codecs = ''): string {
  const header = tagVersions.length === 0 ? '' : JSON.stringify(tagVersions);
  if (codecs === '') return ENVELOPE_FORMAT_VERSION + header + HEADER_END + body;
  return CODEC_ENVELOPE_FORMAT_VERSION + codecs + HEADER_END + header + HEADER_END + body;
}

/** The payload of a lease placeholder with `token`. */
export function encodeLease(token: string): string {
  return LEASE_PREFIX + token;
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
  if (version === LEASE_PREFIX && payload.length > 1) return { lease: payload.slice(1) };
  return version !== '' && NEWER_FORMAT_VERSIONS.includes(version) ? 'newer-format' : 'corrupt';
}

/** The header (from `start`) and the body of a format 1 or 2 payload. */
function decodeHeaderAndBody(
  payload: string,
  start: number,
  codecs: string,
): EntryEnvelope | EnvelopeFailure {
  const end = payload.indexOf(HEADER_END, start);
  if (end < 0) return 'corrupt';
  const body = payload.slice(end + 1);
  if (end === start) return { tagVersions: [], body, codecs };
  let header: unknown;
  try {
    header = JSON.parse(payload.slice(start, end));
  } catch {
    return 'corrupt';
  }
  if (!Array.isArray(header) || header.length % 2 !== 0) return 'corrupt';
  for (const item of header) if (typeof item !== 'string' || item === '') return 'corrupt';
  return { tagVersions: header as string[], body, codecs };
}

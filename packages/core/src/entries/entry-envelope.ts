/**
 * Format version of entry payloads, their first character. A reader that meets a
 * newer version treats the entry as a miss and leaves it alone (a newer process
 * wrote it); anything else it cannot read is corrupt.
 */
export const ENVELOPE_FORMAT_VERSION = '1';
/**
 * First character of a lease placeholder: `L` + token. A lease holds an entry's
 * key while its value is being loaded (see docs/decisions/fill-leases.md).
 */
export const LEASE_PREFIX = 'L';
const NEWER_FORMAT_VERSIONS = '23456789';
const HEADER_END = '\n';

/** An entry payload taken apart. */
export interface EntryEnvelope {
  /** Tag key, version, tag key, version, ... as of the load; empty when untagged. */
  readonly tagVersions: readonly string[];
  /** The serialized value (`serializeValue` output). */
  readonly body: string;
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
 * have been validated).
 */
export function encodeEnvelope(body: string, tagVersions: readonly string[]): string {
  const header = tagVersions.length === 0 ? '' : JSON.stringify(tagVersions);
  return ENVELOPE_FORMAT_VERSION + header + HEADER_END + body;
}

/** The payload of a lease placeholder with `token`. */
export function encodeLease(token: string): string {
  return LEASE_PREFIX + token;
}

export function decodeEnvelope(payload: string): EntryEnvelope | LeasePayload | EnvelopeFailure {
  const version = payload.charAt(0);
  if (version !== ENVELOPE_FORMAT_VERSION) {
    if (version === LEASE_PREFIX && payload.length > 1) return { lease: payload.slice(1) };
    return version !== '' && NEWER_FORMAT_VERSIONS.includes(version) ? 'newer-format' : 'corrupt';
  }
  const end = payload.indexOf(HEADER_END, 1);
  if (end < 0) return 'corrupt';
  const body = payload.slice(end + 1);
  if (end === 1) return { tagVersions: [], body };
  let header: unknown;
  try {
    header = JSON.parse(payload.slice(1, end));
  } catch {
    return 'corrupt';
  }
  if (!Array.isArray(header) || header.length % 2 !== 0) return 'corrupt';
  for (const item of header) if (typeof item !== 'string' || item === '') return 'corrupt';
  return { tagVersions: header as string[], body };
}

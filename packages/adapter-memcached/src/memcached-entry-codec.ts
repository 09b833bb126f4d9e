import { randomBytes } from 'node:crypto';
import type { AdapterEntry } from '@pc/core';

/** Length of a generation token: 8 random bytes in base64url. */
export const GENERATION_LENGTH = 11;

const GENERATION = /^[A-Za-z0-9_-]{11}$/;
/** Generation, mode, the longest `String(finite number)` (24 chars) and the separator. */
export const ENTRY_HEADER_MAX_BYTES = GENERATION_LENGTH + 1 + 24 + 1;

const RAW = 'r';
const JSON_STRING = 'j';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A fresh random generation token. */
export function newGeneration(): string {
  return randomBytes(8).toString('base64url');
}

/** `true` when `generation` has the shape of a token this adapter writes. */
export function isGeneration(generation: unknown): generation is string {
  return typeof generation === 'string' && GENERATION.test(generation);
}

/**
 * The part of an entry's memcached value after the generation:
 * `<mode><expiresAt>|<payload>`. The full value is `<generation><body>`, so the
 * body can be built (and measured) before the generation is known.
 * Mode `r` stores the payload as is. A payload holding a lone surrogate cannot
 * survive UTF-8 on the wire, so mode `j` stores it as a JSON string literal,
 * which escapes lone surrogates and round-trips every code unit.
 * `expiresAt` must be a finite number or `undefined`.
 */
export function encodeEntryBody(entry: AdapterEntry): string {
  const expiresAt = entry.expiresAt === undefined ? '' : String(entry.expiresAt);
  const payload = entry.payload;
  return LONE_SURROGATE.test(payload)
    ? `${JSON_STRING}${expiresAt}|${JSON.stringify(payload)}`
    : `${RAW}${expiresAt}|${payload}`;
}

/** An entry as read back, with the generation it was written under. */
export interface DecodedEntry {
  readonly generation: string;
  readonly entry: AdapterEntry;
}

/** Decodes `<generation><body>`; `undefined` for anything else (foreign or corrupt data). */
export function decodeEntry(value: unknown): DecodedEntry | undefined {
  if (typeof value !== 'string') return undefined;
  const mode = value[GENERATION_LENGTH];
  if (mode !== RAW && mode !== JSON_STRING) return undefined;
  const separator = value.indexOf('|', GENERATION_LENGTH + 1);
  if (separator === -1) return undefined;
  const generation = value.slice(0, GENERATION_LENGTH);
  const expiresText = value.slice(GENERATION_LENGTH + 1, separator);
  const expiresAt = expiresText === '' ? undefined : Number(expiresText);
  if (expiresAt !== undefined && !Number.isFinite(expiresAt)) return undefined;
  let payload = value.slice(separator + 1);
  if (mode === JSON_STRING) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'string') return undefined;
    payload = parsed;
  }
  return {
    generation,
    entry: expiresAt === undefined ? { payload } : { payload, expiresAt },
  };
}

/**
 * Bytes the value takes on the wire and in the item: its UTF-8 length plus one
 * per CR and LF, which `toStoredValue` escapes with a backslash.
 */
export function storedValueBytes(value: string): number {
  let bytes = Buffer.byteLength(value, 'utf8');
  for (let index = value.indexOf('\n'); index !== -1; index = value.indexOf('\n', index + 1)) {
    bytes++;
  }
  for (let index = value.indexOf('\r'); index !== -1; index = value.indexOf('\r', index + 1)) {
    bytes++;
  }
  return bytes;
}

/**
 * The text stored for `value`: a backslash before every CR and LF, exactly as
 * the `memcached` 2.x client (the one this adapter used before) wrote values.
 * Items written by either version read the same in both, and a process still on
 * the old client never receives a raw CR LF, which would wedge its connection.
 * The escape is reversible: an inserted backslash is the only one ever followed
 * by CR or LF. (`replaceAll` with plain strings, not a regular expression: the
 * Cache's payloads hold a line break, so this runs on nearly every value.)
 */
export function toStoredValue(value: string): string {
  let stored = value;
  if (stored.includes('\r')) stored = stored.replaceAll('\r', '\\\r');
  if (stored.includes('\n')) stored = stored.replaceAll('\n', '\\\n');
  return stored;
}

/**
 * The text `toStoredValue` stored, from the item's bytes (UTF-8). Every
 * backslash directly before a CR or LF goes, as the old client's
 * `/\\(\r|\n)/g` did (its matches never overlap, so two passes equal one).
 */
export function fromStoredValue(bytes: Buffer): string {
  let text = bytes.toString('utf8');
  if (text.includes('\\\n')) text = text.replaceAll('\\\n', '\n');
  if (text.includes('\\\r')) text = text.replaceAll('\\\r', '\r');
  return text;
}

import type { AdapterEntry } from '@pc/core';
import { isWellFormed } from './wtf8.js';

/*
 * A stored value is `<format><expiresAt>|<payload>`: one GET returns the payload
 * and its expiry together, and the expiry check on read keeps millisecond
 * precision whatever the server's clock or its lazy expiry does.
 *
 * Format `s`: the payload as UTF-8. Format `j`: the payload as a JSON string
 * literal, used only for strings with lone surrogates, which UTF-8 cannot carry
 * and ioredis would turn into U+FFFD.
 */
const SEPARATOR = '|';

/** Encodes a payload and its absolute expiry (ms since the epoch) as one Redis string. */
export function encodeEntry(payload: string, expiresAt: number | undefined): string {
  const expiry = expiresAt === undefined ? '' : String(expiresAt);
  if (isWellFormed(payload)) {
    return 's' + expiry + SEPARATOR + payload;
  }
  return 'j' + expiry + SEPARATOR + JSON.stringify(payload);
}

/**
 * The stored form of a payload without its header: the format letter and the text
 * after the separator, as `encodeEntry` writes them. There is exactly one form per
 * payload, so two payloads are equal when their stored forms are: what the
 * compare-and-set script compares.
 */
export function encodePayloadForm(payload: string): { format: 's' | 'j'; body: string } {
  return isWellFormed(payload)
    ? { format: 's', body: payload }
    : { format: 'j', body: JSON.stringify(payload) };
}

/**
 * Decodes a stored string.
 * @returns the entry, or `undefined` when it expired by `now` or is not a pc
 *   value (another application's key, a corrupted write).
 */
export function decodeEntry(raw: string | null | undefined, now: number): AdapterEntry | undefined {
  if (typeof raw !== 'string') return undefined;
  const format = raw.charCodeAt(0);
  const separator = raw.indexOf(SEPARATOR, 1);
  if (separator < 0) return undefined;
  let expiresAt: number | undefined;
  if (separator > 1) {
    expiresAt = Number(raw.slice(1, separator));
    if (Number.isNaN(expiresAt) || expiresAt <= now) return undefined;
  }
  const body = raw.slice(separator + 1);
  if (format === 0x73 /* s */) return { payload: body, expiresAt };
  if (format === 0x6a /* j */) {
    try {
      const payload: unknown = JSON.parse(body);
      return typeof payload === 'string' ? { payload, expiresAt } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `decodeEntry` of one read's stored string, against the clock now. */
export function decodeEntryNow(raw: string | null | undefined): AdapterEntry | undefined {
  return decodeEntry(raw, Date.now());
}

/** `decodeEntry` of each stored string of one read, against one clock reading. */
export function decodeEntries(raws: ReadonlyArray<string | null>): Array<AdapterEntry | undefined> {
  const now = Date.now();
  const entries = new Array<AdapterEntry | undefined>(raws.length);
  for (let index = 0; index < raws.length; index++) entries[index] = decodeEntry(raws[index], now);
  return entries;
}

import { crc32 } from 'node:zlib';
import type { AdapterEntry } from '@pc/core';

/**
 * On-disk layout of one entry file (all integers big-endian):
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic `PCFS` |
 * | 4 | 1 | format version, `1` |
 * | 5 | 1 | flags: bit 0 `expiresAt` present, bit 1 payload in UTF-16LE (else UTF-8) |
 * | 6 | 2 | reserved, `0` |
 * | 8 | 8 | `expiresAt`, float64 ms since the epoch (`0` when absent) |
 * | 16 | 4 | key length in bytes (key in UTF-16LE) |
 * | 20 | 4 | payload length in bytes |
 * | 24 | 4 | CRC-32 of bytes 0-23, the key and the payload |
 * | 28 | n | key, then payload |
 *
 * The file size must equal 28 + key length + payload length, and the CRC must
 * match: anything else (empty, truncated, foreign file) is corrupt.
 */
export const ENTRY_HEADER_BYTES = 28;

const MAGIC = 0x50_43_46_53;
const FORMAT_VERSION = 1;
const FLAG_EXPIRES = 0b01;
const FLAG_UTF16_PAYLOAD = 0b10;

/** What the fixed-size header says about an entry file. */
export interface EntryHeader {
  /** Absolute expiry in ms since the epoch; `undefined` when the entry never expires. */
  readonly expiresAt: number | undefined;
  readonly keyLength: number;
  readonly payloadLength: number;
}

/** A decoded entry file. */
export interface DecodedEntryFile {
  readonly key: string;
  readonly entry: AdapterEntry;
}

/**
 * Serializes one entry. The payload is stored as UTF-8 when it is well-formed
 * UTF-16 (the usual case, compact for ASCII), otherwise as UTF-16LE so lone
 * surrogates come back unchanged.
 */
export function encodeEntryFile(key: string, entry: AdapterEntry): Buffer {
  const { payload } = entry;
  const wellFormed = (payload as string & { isWellFormed(): boolean }).isWellFormed();
  const keyLength = key.length * 2;
  const payloadLength = wellFormed ? Buffer.byteLength(payload, 'utf8') : payload.length * 2;
  // Key and payload are encoded straight into the file buffer (no copies).
  const file = Buffer.allocUnsafe(ENTRY_HEADER_BYTES + keyLength + payloadLength);
  file.writeUInt32BE(MAGIC, 0);
  file.writeUInt8(FORMAT_VERSION, 4);
  let flags = wellFormed ? 0 : FLAG_UTF16_PAYLOAD;
  if (entry.expiresAt !== undefined) flags |= FLAG_EXPIRES;
  file.writeUInt8(flags, 5);
  file.writeUInt16BE(0, 6);
  file.writeDoubleBE(entry.expiresAt ?? 0, 8);
  file.writeUInt32BE(keyLength, 16);
  file.writeUInt32BE(payloadLength, 20);
  file.write(key, ENTRY_HEADER_BYTES, 'utf16le');
  file.write(payload, ENTRY_HEADER_BYTES + keyLength, wellFormed ? 'utf8' : 'utf16le');
  file.writeUInt32BE(checksum(file), 24);
  return file;
}

/**
 * Reads the header of an entry file of `fileSize` bytes.
 * @returns `undefined` when the header is not ours or the size does not match it.
 */
export function decodeEntryHeader(header: Buffer, fileSize: number): EntryHeader | undefined {
  if (header.length < ENTRY_HEADER_BYTES || fileSize < ENTRY_HEADER_BYTES) return undefined;
  if (header.readUInt32BE(0) !== MAGIC || header.readUInt8(4) !== FORMAT_VERSION) return undefined;
  const flags = header.readUInt8(5);
  if ((flags & ~(FLAG_EXPIRES | FLAG_UTF16_PAYLOAD)) !== 0) return undefined;
  const keyLength = header.readUInt32BE(16);
  const payloadLength = header.readUInt32BE(20);
  if (ENTRY_HEADER_BYTES + keyLength + payloadLength !== fileSize) return undefined;
  const expiresAt = (flags & FLAG_EXPIRES) === 0 ? undefined : header.readDoubleBE(8);
  if (expiresAt !== undefined && !Number.isFinite(expiresAt)) return undefined;
  return { expiresAt, keyLength, payloadLength };
}

/**
 * Decodes a whole entry file.
 * @returns `undefined` when the file is corrupt (bad header, size or checksum).
 */
export function decodeEntryFile(file: Buffer): DecodedEntryFile | undefined {
  const header = decodeEntryHeader(file, file.length);
  if (header === undefined || file.readUInt32BE(24) !== checksum(file)) return undefined;
  const keyEnd = ENTRY_HEADER_BYTES + header.keyLength;
  const utf16Payload = (file.readUInt8(5) & FLAG_UTF16_PAYLOAD) !== 0;
  const key = file.toString('utf16le', ENTRY_HEADER_BYTES, keyEnd);
  const payload = file.toString(utf16Payload ? 'utf16le' : 'utf8', keyEnd);
  const entry: AdapterEntry =
    header.expiresAt === undefined ? { payload } : { payload, expiresAt: header.expiresAt };
  return { key, entry };
}

/** CRC-32 of everything but the checksum field itself. */
function checksum(file: Buffer): number {
  return crc32(file.subarray(ENTRY_HEADER_BYTES), crc32(file.subarray(0, 24)));
}

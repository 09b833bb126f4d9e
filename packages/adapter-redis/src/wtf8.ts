/*
 * WTF-8: UTF-8 extended to lone surrogates (each as its own 3-byte sequence,
 * ED A0 80 to ED BF BF). Those byte sequences are invalid UTF-8, so no
 * well-formed string encodes to them: keys with lone surrogates stay distinct
 * instead of all turning into U+FFFD, and cluster-key-slot hashes strings the
 * same way, so the slot pc computes is the slot of the bytes Redis receives.
 */

/** Encodes any JS string, lone surrogates included, to WTF-8 bytes. */
export function encodeWtf8(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (
      (code & 0xfc00) === 0xd800 &&
      index + 1 < text.length &&
      (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00
    ) {
      code = 0x10000 + ((code & 0x3ff) << 10) + (text.charCodeAt(++index) & 0x3ff);
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    } else bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Buffer.from(bytes);
}

// ignoreBOM: a key may start with U+FEFF, and must keep it.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes WTF-8 (and so UTF-8) bytes back to the string `encodeWtf8` was given. */
export function decodeWtf8(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    // Not UTF-8: it holds encoded lone surrogates. Decode by hand.
  }
  let text = '';
  let index = 0;
  while (index < bytes.length) {
    const first = bytes[index]!;
    let code: number;
    if (first < 0x80) {
      code = first;
      index += 1;
    } else if (first < 0xe0) {
      code = ((first & 0x1f) << 6) | (bytes[index + 1]! & 0x3f);
      index += 2;
    } else if (first < 0xf0) {
      code =
        ((first & 0x0f) << 12) | ((bytes[index + 1]! & 0x3f) << 6) | (bytes[index + 2]! & 0x3f);
      index += 3;
    } else {
      code =
        ((first & 0x07) << 18) |
        ((bytes[index + 1]! & 0x3f) << 12) |
        ((bytes[index + 2]! & 0x3f) << 6) |
        (bytes[index + 3]! & 0x3f);
      index += 4;
    }
    text += String.fromCodePoint(code);
  }
  return text;
}

interface WellFormedCheck {
  isWellFormed(): boolean;
}

/** `true` when `text` has no lone surrogate, i.e. UTF-8 can carry it unchanged. */
export function isWellFormed(text: string): boolean {
  // String#isWellFormed exists from Node 20; the ES2023 lib does not declare it yet.
  return (text as unknown as WellFormedCheck).isWellFormed();
}

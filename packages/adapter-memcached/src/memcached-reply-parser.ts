const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
/** `VALUE ` */
const VALUE_PREFIX = [0x56, 0x41, 0x4c, 0x55, 0x45, 0x20] as const;
/**
 * Longest reply line accepted, in bytes. memcached's lines are short (a `VALUE`
 * header: a key of at most 250 bytes and three numbers); anything longer means the
 * stream is not memcached's text protocol.
 */
const MAX_LINE_BYTES = 8 * 1024;
/** Largest item memcached can hold (its `-I` tops out at 1 GiB). */
const MAX_VALUE_BYTES = 1024 * 1024 * 1024;

/** What the parser reports, in the order the bytes arrive. */
export interface ReplyListener {
  /** One `VALUE <key> <flags> <bytes> [<cas>]` item; flags are not reported (pc owns its format). */
  onValue(key: string, data: Buffer, cas: string | undefined): void;
  /** Any other line, without its CR LF: `END`, `STORED`, `SERVER_ERROR ...`, `VERSION ...`. */
  onLine(line: string): void;
  /** The bytes are not memcached's text protocol; nothing more is reported. */
  onProtocolError(message: string): void;
}

/** A value whose data block has not fully arrived yet. */
interface PartialValue {
  readonly key: string;
  readonly cas: string | undefined;
  readonly bytes: number;
  readonly chunks: Buffer[];
  received: number;
}

/**
 * A streaming parser of memcached text-protocol replies, on bytes. A value's data
 * block is taken by its declared length, never by looking for CR LF inside it, so
 * values holding any bytes (CR LF, `END`, invalid UTF-8) come out exactly as
 * stored. Each byte is looked at a bounded number of times: a data block split
 * over many chunks is joined once, when complete, and an incomplete line is not
 * searched again from its start.
 */
export class MemcachedReplyParser {
  /** Bytes examined so far, for tests that count work (linear in the bytes received). */
  bytesScanned = 0;

  readonly #listener: ReplyListener;
  /** The start of a line whose CR LF has not arrived yet. */
  #partialLine: Buffer | undefined;
  #value: PartialValue | undefined;
  #stopped = false;

  constructor(listener: ReplyListener) {
    this.#listener = listener;
  }

  /** Stops parsing for good: later chunks are ignored (the connection is going away). */
  stop(): void {
    this.#stopped = true;
    this.#partialLine = undefined;
    this.#value = undefined;
  }

  push(chunk: Buffer): void {
    if (this.#stopped) return;
    let buffer = chunk;
    let offset = 0;
    let scanFrom = 0;
    if (this.#value !== undefined) {
      offset = this.#continueValue(chunk);
      if (offset === -1) return;
      scanFrom = offset;
    } else if (this.#partialLine !== undefined) {
      const partial = this.#partialLine;
      this.#partialLine = undefined;
      buffer = Buffer.concat([partial, chunk]);
      // The partial line held no LF; only its last byte (a CR) matters again.
      scanFrom = partial.length;
    }
    this.#parse(buffer, offset, scanFrom);
  }

  #parse(buffer: Buffer, start: number, scanFrom: number): void {
    const length = buffer.length;
    let offset = start;
    while (offset < length && !this.#stopped) {
      const newline = buffer.indexOf(LF, scanFrom);
      if (newline === -1) {
        this.bytesScanned += length - scanFrom;
        if (length - offset > MAX_LINE_BYTES) {
          this.#fail(`a reply line longer than ${MAX_LINE_BYTES} bytes`);
          return;
        }
        this.#partialLine = buffer.subarray(offset);
        return;
      }
      this.bytesScanned += newline + 1 - scanFrom;
      if (newline === offset || buffer[newline - 1] !== CR) {
        this.#fail('a reply line that does not end with CR LF');
        return;
      }
      const lineEnd = newline - 1;
      if (!isValueLine(buffer, offset, lineEnd)) {
        const line = buffer.toString('latin1', offset, lineEnd);
        offset = newline + 1;
        scanFrom = offset;
        this.#listener.onLine(line);
        continue;
      }
      const header = parseValueHeader(buffer, offset + VALUE_PREFIX.length, lineEnd);
      if (header === undefined) {
        this.#fail(
          `a malformed VALUE line: ${JSON.stringify(buffer.toString('latin1', offset, lineEnd))}`,
        );
        return;
      }
      const dataStart = newline + 1;
      const dataEnd = dataStart + header.bytes;
      if (dataEnd + 2 > length) {
        this.bytesScanned += length - dataStart;
        this.#value = {
          ...header,
          chunks: [buffer.subarray(dataStart)],
          received: length - dataStart,
        };
        return;
      }
      this.bytesScanned += header.bytes + 2;
      if (buffer[dataEnd] !== CR || buffer[dataEnd + 1] !== LF) {
        this.#fail(
          `a data block of "${header.key}" that does not end with CR LF after ${header.bytes} bytes`,
        );
        return;
      }
      offset = dataEnd + 2;
      scanFrom = offset;
      this.#listener.onValue(header.key, buffer.subarray(dataStart, dataEnd), header.cas);
    }
  }

  /**
   * Feeds `chunk` to the value being received.
   * @returns where the rest of `chunk` starts, or -1 when the value needs more.
   */
  #continueValue(chunk: Buffer): number {
    const value = this.#value!;
    const needed = value.bytes + 2 - value.received;
    if (chunk.length < needed) {
      value.chunks.push(chunk);
      value.received += chunk.length;
      this.bytesScanned += chunk.length;
      return -1;
    }
    this.bytesScanned += needed;
    value.chunks.push(chunk.subarray(0, needed));
    this.#value = undefined;
    const whole = Buffer.concat(value.chunks, value.bytes + 2);
    if (whole[value.bytes] !== CR || whole[value.bytes + 1] !== LF) {
      this.#fail(
        `a data block of "${value.key}" that does not end with CR LF after ${value.bytes} bytes`,
      );
      return -1;
    }
    this.#listener.onValue(value.key, whole.subarray(0, value.bytes), value.cas);
    return this.#stopped ? -1 : needed;
  }

  #fail(message: string): void {
    this.stop();
    this.#listener.onProtocolError(message);
  }
}

function isValueLine(buffer: Buffer, start: number, end: number): boolean {
  if (end - start <= VALUE_PREFIX.length) return false;
  for (let index = 0; index < VALUE_PREFIX.length; index++) {
    if (buffer[start + index] !== VALUE_PREFIX[index]) return false;
  }
  return true;
}

/** `<key> <flags> <bytes> [<cas>]` between `start` and `end`; `undefined` when malformed. */
function parseValueHeader(
  buffer: Buffer,
  start: number,
  end: number,
): { key: string; bytes: number; cas: string | undefined } | undefined {
  const keyEnd = buffer.indexOf(SPACE, start);
  if (keyEnd <= start || keyEnd >= end) return undefined;
  const flagsEnd = buffer.indexOf(SPACE, keyEnd + 1);
  if (flagsEnd <= keyEnd + 1 || flagsEnd >= end) return undefined;
  let bytes = 0;
  let index = flagsEnd + 1;
  for (; index < end && buffer[index] !== SPACE; index++) {
    const digit = buffer[index]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    bytes = bytes * 10 + digit;
    if (bytes > MAX_VALUE_BYTES) return undefined;
  }
  if (index === flagsEnd + 1) return undefined;
  let cas: string | undefined;
  if (index < end) {
    cas = buffer.toString('latin1', index + 1, end);
    if (!/^\d+$/.test(cas)) return undefined;
  }
  return { key: buffer.toString('utf8', start, keyEnd), bytes, cas };
}

import { describe, expect, it } from 'vitest';
import { MemcachedReplyParser } from '../src/memcached-reply-parser.js';

type Event =
  | readonly ['value', string, string, string | undefined]
  | readonly ['line', string]
  | readonly ['error', string];

/** Parses `chunks` in order and lists what the parser reported (values as hex). */
function parse(chunks: readonly Buffer[]): { events: Event[]; scanned: number } {
  const events: Event[] = [];
  const parser = new MemcachedReplyParser({
    onValue: (key, data, cas) => events.push(['value', key, data.toString('hex'), cas]),
    onLine: (line) => events.push(['line', line]),
    onProtocolError: (message) => events.push(['error', message]),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { events, scanned: parser.bytesScanned };
}

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  return chunks;
}

const hostileData = Buffer.concat([
  Buffer.from('a\r\nEND\r\nVALUE k 0 1\r\nz\r\n\r\n', 'latin1'),
  Buffer.from([0xff, 0x00, 0x0d, 0x0a, 0xc3]),
]);
const REPLY = Buffer.concat([
  Buffer.from(`VALUE first 2 ${hostileData.length}\r\n`, 'latin1'),
  hostileData,
  Buffer.from('\r\nVALUE second 0 0 12345678901234567890\r\n\r\n', 'latin1'),
  Buffer.from(
    'VALUE clé 0 3\r\né!\r\nEND\r\nSTORED\r\nSERVER_ERROR out of memory storing object\r\n',
    'utf8',
  ),
]);
const EXPECTED: Event[] = [
  ['value', 'first', hostileData.toString('hex'), undefined],
  ['value', 'second', '', '12345678901234567890'],
  ['value', 'clé', Buffer.from('é!').toString('hex'), undefined],
  ['line', 'END'],
  ['line', 'STORED'],
  ['line', 'SERVER_ERROR out of memory storing object'],
];

describe('the reply parser', () => {
  it('takes data blocks by their length: CR LF, END and VALUE inside a value stay data', () => {
    const { events, scanned } = parse([REPLY]);
    expect(events).toEqual(EXPECTED);
    expect(scanned).toBe(REPLY.length);
  });

  it('gives the same result however the bytes are chunked, and looks at each byte once', () => {
    for (let offset = 0; offset <= REPLY.length; offset++) {
      const { events, scanned } = parse(cut(REPLY, [offset]));
      expect(events, `cut at ${offset}`).toEqual(EXPECTED);
      expect(scanned, `cut at ${offset}`).toBe(REPLY.length);
    }
    const singleBytes = parse(cut(REPLY, [...REPLY.keys()].slice(1)));
    expect(singleBytes.events).toEqual(EXPECTED);
    expect(singleBytes.scanned).toBe(REPLY.length);
  });

  it('joins a large value split over many chunks once', () => {
    const data = Buffer.alloc(1024 * 1024, 0x0a);
    const reply = Buffer.concat([
      Buffer.from(`VALUE big 0 ${data.length}\r\n`, 'latin1'),
      data,
      Buffer.from('\r\nEND\r\n', 'latin1'),
    ]);
    const offsets = Array.from({ length: 255 }, (_, index) => (index + 1) * 4111);
    const { events, scanned } = parse(cut(reply, offsets));
    expect(events).toHaveLength(2);
    expect(events[0]![0]).toBe('value');
    expect(events[0]![2]).toBe(data.toString('hex'));
    expect(events[1]).toEqual(['line', 'END']);
    expect(scanned).toBe(reply.length);
  });

  it.each([
    ['a line ending in LF only', 'END\n'],
    ['a data block not followed by CR LF', 'VALUE k 0 2\r\nabc\r\n'],
    ['a VALUE line without a length', 'VALUE k 0\r\n'],
    ['a VALUE line with a length that is no number', 'VALUE k 0 1x\r\n'],
    ['a VALUE line with a cas that is no number', 'VALUE k 0 1 zz\r\nz\r\n'],
    ['a line of 9 kB without LF', 'x'.repeat(9000)],
  ])('reports %s as a protocol error and stops', (_, text) => {
    const { events } = parse([Buffer.from(`STORED\r\n${text}`, 'latin1'), Buffer.from('END\r\n')]);
    expect(events[0]).toEqual(['line', 'STORED']);
    expect(events[1]?.[0]).toBe('error');
    expect(events).toHaveLength(2);
  });
});

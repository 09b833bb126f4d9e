import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemcachedKeyEncoding } from '../src/memcached-key-encoding.js';

/**
 * The encoding as it was written first (one character at a time): memcached keys
 * must not change between versions, or every stored entry would be lost.
 */
function referenceEncode(prefix: string, key: string): string {
  const budget = 250 - prefix.length - 1;
  let escaped: string | undefined = '';
  if (key.length > budget) escaped = undefined;
  for (let index = 0; escaped !== undefined && index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code > 0x20 && code < 0x7f && code !== 0x25) escaped += key[index];
    else if (code < 0x100) escaped += `%${code.toString(16).padStart(2, '0')}`;
    else escaped += `%u${code.toString(16).padStart(4, '0')}`;
    if (escaped.length > budget) escaped = undefined;
  }
  if (escaped !== undefined) return `${prefix}=${escaped}`;
  return `${prefix}#${createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('base64url')}`;
}

/** A deterministic pseudo-random source (tests must not flake). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('key encoding', () => {
  const encoding = new MemcachedKeyEncoding('pc', 'keys');
  const pieces = [
    'a',
    'Z',
    '$',
    '$$',
    '%',
    ' ',
    '\t',
    '\r\n',
    'é',
    '€',
    '𝄞',
    '\uD800',
    '=',
    '#',
    ':',
  ];

  it('maps keys to the same memcached keys as before, plain, escaped and hashed', () => {
    const next = random(13);
    for (let sample = 0; sample < 5000; sample++) {
      const length = Math.floor(next() * 300);
      let key = '';
      while (key.length < length) key += pieces[Math.floor(next() * pieces.length)];
      if (key === '') continue;
      expect(encoding.encode(key)).toBe(referenceEncode('pc:keys:', key));
    }
  });

  it('leaves keys of printable ASCII other than % unchanged, $ patterns included', () => {
    for (const key of ['price$$', "a$'b", '$&', '$`', '$1', 'item:42']) {
      expect(encoding.encode(key)).toBe(`pc:keys:=${key}`);
    }
  });
});

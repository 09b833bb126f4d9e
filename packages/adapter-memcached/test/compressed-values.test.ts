import { createCache, createGzipCodec, serializeValue, ValueTooLargeError } from '@pc/core';
import { testServices } from '@pc/test-services';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemcachedAdapter } from '../src/index.js';

const { memcached } = testServices();

/** Deterministic hex text: about 4 bits per character, so gzip roughly halves it. */
function hexText(length: number): string {
  let state = 0x9e3779b9;
  let text = '';
  while (text.length < length) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    text += state.toString(16).padStart(8, '0');
  }
  return text.slice(0, length);
}

/**
 * Issue 17: a value over Memcached's item limit as serialized fits once
 * compressed; the limit applies to what is stored (the compressed, base64 entry).
 */
describe('compressed values and the Memcached item limit', () => {
  const namespace = `gzip-${Date.now().toString(36)}`;
  const adapter = createMemcachedAdapter({ servers: memcached.location, namespace });
  const limit = adapter.capabilities.maxValueBytes;
  const codec = createGzipCodec({ level: 1 });
  const cache = createCache({ adapter, codecs: [codec], burst: false });
  afterAll(async () => {
    await cache.dispose();
    await adapter.clear();
    await adapter.dispose();
  });

  /** The payload length `cache.set` writes for a hex value of `length` characters. */
  const payloadBytes = (length: number): number => {
    const encoded = codec.encode(Buffer.from(serializeValue(hexText(length))), { key: '' })!;
    return '2gzip\n\n'.length + encoded.toString('base64').length;
  };

  // The shortest value whose stored payload is over the limit (payload sizes grow
  // with the value's length), then the longest one under it, a few bytes apart.
  let low = limit;
  let high = limit * 3;
  for (let step = 0; step < 40 && high - low > 1; step++) {
    const middle = Math.floor((low + high) / 2);
    if (payloadBytes(middle) > limit) high = middle;
    else low = middle;
  }
  const overLength = high;
  let underLength = high - 1;
  for (let step = 0; step < 64 && payloadBytes(underLength) > limit; step++) underLength--;

  it('finds values whose compressed payloads sit just under and just over the limit', () => {
    expect(Buffer.byteLength(serializeValue(hexText(underLength)))).toBeGreaterThan(limit);
    expect(payloadBytes(underLength)).toBeLessThanOrEqual(limit);
    expect(payloadBytes(underLength)).toBeGreaterThan(limit - 64);
    expect(payloadBytes(overLength)).toBeGreaterThan(limit);
    expect(payloadBytes(overLength)).toBeLessThan(limit + 64);
  });

  it('stores and reads a value just under the limit after compression (too large without)', async () => {
    const value = hexText(underLength);
    expect(await cache.set('under', value)).toBe(true);
    expect((await adapter.get(`e:under`))?.payload.length).toBe(payloadBytes(underLength));
    expect((await cache.get('under')) === value).toBe(true);
    const plain = createCache({ adapter, burst: false });
    await expect(plain.set('plain', value)).rejects.toSatisfy((error) =>
      ValueTooLargeError.isInstance(error),
    );
  });

  it('rejects a value just over the limit after compression with ValueTooLargeError', async () => {
    await expect(cache.set('over', hexText(overLength))).rejects.toSatisfy((error) =>
      ValueTooLargeError.isInstance(error),
    );
    expect(await cache.get('over')).toBeUndefined();
  });

  it('getOrLoad returns a value over the limit without storing it (a failed write is an event)', async () => {
    const value = hexText(overLength);
    const errors: unknown[] = [];
    cache.on('backend-error', (event) => errors.push(event.error));
    expect((await cache.getOrLoad('loaded-over', () => value)) === value).toBe(true);
    expect(errors.some((error) => ValueTooLargeError.isInstance(error))).toBe(true);
    expect(await cache.get('loaded-over')).toBeUndefined();
  });
});

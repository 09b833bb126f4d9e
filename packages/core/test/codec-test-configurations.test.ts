import { describe, expect, it } from 'vitest';
import { createCache, InvalidOptionsError } from '../src/index.js';
import { type CodecTransforms, codecTestConfigurations } from '../src/testing/index.js';
import { MapAdapter } from './support/map-adapter.js';

const SHORT = 'short value';
/** Long and repetitive: every compression codec shrinks it. */
const LONG = 'a compressible sentence, '.repeat(100);

/** The first line of the payload stored for root key `key`: format digit and codec ids. */
function markerOf(adapter: MapAdapter, key: string): string {
  const entry = adapter.store.get(`e:${key}`);
  if (entry === undefined) throw new Error(`nothing stored at ${key}`);
  return entry.payload.split('\n')[0]!;
}

describe('codecTestConfigurations', () => {
  it('lists compression, encryption and both by default, and what it is asked for in that order', () => {
    expect(codecTestConfigurations().map(({ name, transforms }) => [name, transforms])).toEqual([
      ['gzip', 'compression'],
      ['AES-256-GCM', 'encryption'],
      ['brotli + AES-256-GCM', 'both'],
    ]);
    const [none, both] = codecTestConfigurations(['none', 'both']);
    expect(none).toEqual({ name: 'no codecs', transforms: 'none', codecs: [] });
    expect(both!.codecs.map(({ id }) => id)).toEqual(['br', 'aes-256-gcm']);
  });

  it.each([
    ['compression', 'gzip', '2gzip', '2gzip'],
    ['encryption', 'AES-256-GCM', '2aes-256-gcm', '2aes-256-gcm'],
    // Brotli leaves the short value alone (it would not shrink): both kinds of body mix.
    ['both', 'brotli + AES-256-GCM', '2aes-256-gcm', '2br,aes-256-gcm'],
  ] as const)(
    '%s (%s) encodes what it says and reads it back',
    async (transforms, _, shortMarker, longMarker) => {
      const { codecs } = codecTestConfigurations([transforms])[0]!;
      const adapter = new MapAdapter();
      const cache = createCache({ adapter, codecs, burst: false });
      await cache.set('short', SHORT);
      await cache.set('long', LONG);
      expect(markerOf(adapter, 'short')).toBe(shortMarker);
      expect(markerOf(adapter, 'long')).toBe(longMarker);
      expect(await cache.get('short')).toBe(SHORT);
      expect(await cache.get('long')).toBe(LONG);
      if (transforms !== 'compression') {
        expect(adapter.store.get('e:short')!.payload).not.toContain(SHORT);
      }
    },
  );

  it('builds new keys on every call: another run cannot decrypt the entries of this one', async () => {
    const adapter = new MapAdapter();
    const [first] = codecTestConfigurations(['encryption']);
    const [second] = codecTestConfigurations(['encryption']);
    await createCache({ adapter, codecs: first!.codecs, burst: false }).set('k', SHORT);
    const other = createCache({ adapter, codecs: second!.codecs, burst: false });
    expect(await other.get('k')).toBeUndefined();
  });

  it('rejects unknown transforms with InvalidOptionsError', () => {
    expect(() => codecTestConfigurations(['zstd' as CodecTransforms])).toThrow(InvalidOptionsError);
  });
});

import { codecWorkload } from '../harness/codec-variants.js';

/** A 100 kB JSON value on Redis, stored plain, gzipped and brotli-compressed. */
export const codecCompressionRedis = codecWorkload({
  id: 'codec-compression-redis',
  title: 'Compression codecs, 100 kB value, Redis',
  description:
    'One read (cache.get, L1 off) or write (cache.set) of a ~100 kB JSON value on Redis, without codecs and with ' +
    'the gzip (level 6) and brotli (quality 4) codecs; counters give the bytes Redis holds for the entry (STRLEN).',
  valueBytes: 100_000,
  chains: ['none', 'gzip', 'brotli'],
});

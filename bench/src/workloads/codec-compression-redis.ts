import { codecValue, codecVariant, rawRedisReadVariant } from '../harness/codec-variants.js';
import type { Workload } from '../harness/workload.js';

const VALUE = codecValue(100_000);

/** A 100 kB JSON value on Redis, stored plain, gzipped and brotli-compressed. */
export const codecCompressionRedis: Workload = {
  id: 'codec-compression-redis',
  title: 'Compression codecs, 100 kB value, Redis',
  description:
    'One read (cache.get, L1 off) or write (cache.set) of a ~100 kB JSON value on Redis, without codecs and with ' +
    'the gzip (level 6) and brotli (quality 4) codecs; counters give the bytes Redis holds for the entry (STRLEN).',
  variants: [
    rawRedisReadVariant(VALUE, 'codec-100k:raw'),
    codecVariant('none', 'read', VALUE, 'codec-100k'),
    codecVariant('gzip', 'read', VALUE, 'codec-100k'),
    codecVariant('brotli', 'read', VALUE, 'codec-100k'),
    codecVariant('none', 'write', VALUE, 'codec-100k'),
    codecVariant('gzip', 'write', VALUE, 'codec-100k'),
    codecVariant('brotli', 'write', VALUE, 'codec-100k'),
  ],
};

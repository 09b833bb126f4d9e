import { codecValue, codecVariant, rawRedisReadVariant } from '../harness/codec-variants.js';
import type { Workload } from '../harness/workload.js';

const VALUE = codecValue(1_000);

/** A 1 kB JSON value on Redis, stored plain and encrypted with AES-256-GCM. */
export const codecEncryptionRedis: Workload = {
  id: 'codec-encryption-redis',
  title: 'Encryption codec, 1 kB value, Redis',
  description:
    'One read (cache.get, L1 off) or write (cache.set) of a ~1 kB JSON value on Redis, without codecs and with ' +
    'the AES-256-GCM codec (random IV per value, base64 in Redis); counters give the bytes stored (STRLEN).',
  variants: [
    rawRedisReadVariant(VALUE, 'codec-1k:raw'),
    codecVariant('none', 'read', VALUE, 'codec-1k'),
    codecVariant('AES-256-GCM', 'read', VALUE, 'codec-1k'),
    codecVariant('none', 'write', VALUE, 'codec-1k'),
    codecVariant('AES-256-GCM', 'write', VALUE, 'codec-1k'),
  ],
};

import { codecWorkload } from '../harness/codec-variants.js';

/** A 1 kB JSON value on Redis, stored plain and encrypted with AES-256-GCM. */
export const codecEncryptionRedis = codecWorkload({
  id: 'codec-encryption-redis',
  title: 'Encryption codec, 1 kB value, Redis',
  description:
    'One read (cache.get, L1 off) or write (cache.set) of a ~1 kB JSON value on Redis, without codecs and with ' +
    'the AES-256-GCM codec (random IV per value, base64 in Redis); counters give the bytes stored (STRLEN).',
  valueBytes: 1_000,
  chains: ['none', 'AES-256-GCM'],
});

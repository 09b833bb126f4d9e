import { randomBytes } from 'node:crypto';
import { createEncryptionCodec, createGzipCodec } from '@pc/core';
import { describeRuntimeInvariants } from '@pc/core/testing';
import { createMemoryAdapter } from '../src/index.js';

// The same scenarios as runtime-invariants.test.ts, with every value compressed
// (when that makes it smaller) and encrypted: leases and tag records stay plain.
describeRuntimeInvariants({
  name: 'memory with gzip and AES-256-GCM codecs',
  factory: ({ namespace }) => createMemoryAdapter({ namespace }),
  cacheOptions: {
    codecs: [
      createGzipCodec({ thresholdBytes: 0 }),
      createEncryptionCodec({ keyring: { current: 'k1', keys: { k1: randomBytes(32) } } }),
    ],
  },
});

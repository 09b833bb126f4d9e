import { randomBytes } from 'node:crypto';
import { createEncryptionCodec, createGzipCodec } from '@pc/core';
import { describeRuntimeInvariants } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createMemcachedAdapter } from '../src/index.js';

const { memcached } = testServices();

// The same scenarios as runtime-invariants.test.ts (one server), with every value
// compressed (when that makes it smaller) and encrypted: leases and tag records stay plain.
describeRuntimeInvariants({
  name: 'memcached (one server) with gzip and AES-256-GCM codecs',
  factory: ({ namespace }) => createMemcachedAdapter({ namespace, servers: memcached.location }),
  cacheOptions: {
    codecs: [
      createGzipCodec({ thresholdBytes: 0 }),
      createEncryptionCodec({ keyring: { current: 'k1', keys: { k1: randomBytes(32) } } }),
    ],
  },
});

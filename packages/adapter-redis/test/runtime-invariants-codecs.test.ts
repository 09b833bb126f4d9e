import { randomBytes } from 'node:crypto';
import { createEncryptionCodec, createGzipCodec } from '@pc/core';
import { describeRuntimeInvariants } from '@pc/core/testing';
import { testServices } from '@pc/test-services';
import { createRedisAdapter, createRedisBus } from '../src/index.js';
import { PATIENT } from './helpers.js';

const { redis } = testServices();

// The same scenarios as runtime-invariants.test.ts, with every value compressed
// (when that makes it smaller) and encrypted: leases and tag records stay plain.
describeRuntimeInvariants({
  name: 'redis (standalone) with the Redis bus, gzip and AES-256-GCM codecs',
  factory: ({ namespace }) => createRedisAdapter({ namespace, url: redis.url, ...PATIENT }),
  bus: (channel) => createRedisBus({ url: redis.url, channel, ...PATIENT }),
  cacheOptions: {
    codecs: [
      createGzipCodec({ thresholdBytes: 0 }),
      createEncryptionCodec({ keyring: { current: 'k1', keys: { k1: randomBytes(32) } } }),
    ],
  },
});

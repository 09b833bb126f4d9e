import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEncryptionCodec, createGzipCodec } from '@pc/core';
import { describeRuntimeInvariants } from '@pc/core/testing';
import { afterAll } from 'vitest';
import { createFsAdapter } from '../src/index.js';

const DIRECTORY = join(tmpdir(), `pc-fs-codecs-${process.pid}-${Date.now().toString(36)}`);

afterAll(() => rmSync(DIRECTORY, { recursive: true, force: true }));

// The runtime invariants on the filesystem adapter with every value compressed
// (when that makes it smaller) and encrypted: leases and tag records stay plain.
describeRuntimeInvariants({
  name: 'fs with gzip and AES-256-GCM codecs',
  factory: ({ namespace }) => createFsAdapter({ directory: DIRECTORY, namespace }),
  cacheOptions: {
    codecs: [
      createGzipCodec({ thresholdBytes: 0 }),
      createEncryptionCodec({ keyring: { current: 'k1', keys: { k1: randomBytes(32) } } }),
    ],
  },
});

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codecTestConfigurations, describeRuntimeInvariants } from '@pc/core/testing';
import { afterAll } from 'vitest';
import { createFsAdapter } from '../src/index.js';

const DIRECTORY = join(tmpdir(), `pc-fs-codecs-${process.pid}-${Date.now().toString(36)}`);

afterAll(() => rmSync(DIRECTORY, { recursive: true, force: true }));

// The runtime invariants on the filesystem adapter with values compressed,
// encrypted, and both: leases and tag records stay plain.
for (const { name, codecs } of codecTestConfigurations()) {
  describeRuntimeInvariants({
    name: `fs with ${name}`,
    factory: ({ namespace }) => createFsAdapter({ directory: DIRECTORY, namespace }),
    cacheOptions: { codecs },
  });
}

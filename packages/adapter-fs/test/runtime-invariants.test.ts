import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRuntimeInvariants } from '@pc/core/testing';
import { afterAll } from 'vitest';
import { createFsAdapter } from '../src/index.js';

const DIRECTORY = join(tmpdir(), `pc-fs-runtime-${process.pid}-${Date.now().toString(36)}`);

afterAll(() => rmSync(DIRECTORY, { recursive: true, force: true }));

// Every simulated process of a test has its own adapter on one directory.
describeRuntimeInvariants({
  name: 'fs',
  factory: ({ namespace }) => createFsAdapter({ directory: DIRECTORY, namespace }),
});

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeAdapterConformance } from '@pc/core/testing';
import { afterAll } from 'vitest';
import { createFsAdapter } from '../src/index.js';

const DIRECTORY = join(tmpdir(), `pc-fs-conformance-${process.pid}-${Date.now().toString(36)}`);

afterAll(() => rmSync(DIRECTORY, { recursive: true, force: true }));

describeAdapterConformance({
  name: 'fs',
  factory: (context) => createFsAdapter({ directory: DIRECTORY, namespace: context.namespace }),
  factoryWithUnknownOption: (name) =>
    createFsAdapter({ directory: DIRECTORY, namespace: 'unknown', [name]: 1 }),
  // A path below a character device can never be created (ENOTDIR).
  unreachableFactory: (context) =>
    createFsAdapter({ directory: '/dev/null/pc-cache', namespace: context.namespace }),
  expiry: 'clock',
});

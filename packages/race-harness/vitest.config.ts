import { definePackageConfig } from '../../vitest.shared.js';

// The race files start their own servers and fork worker processes: one file at a
// time, so they do not fight each other for the cores of a busy CI machine.
export default definePackageConfig({
  globalSetup: ['test/global-setup.ts'],
  fileParallelism: false,
});

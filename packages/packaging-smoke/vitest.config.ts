import { definePackageConfig } from '../../vitest.shared.js';

// Packing, npm installs and tsc runs are slow on a busy two-core machine: each step
// carries its own deadline (see test/run-command.ts), so vitest's only need to be longer.
// At most two tools at once: turbo tests another package beside this one, and some of
// those have deadlines of their own.
export default definePackageConfig({
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 600_000,
  hookTimeout: 600_000,
  maxConcurrency: 2,
});

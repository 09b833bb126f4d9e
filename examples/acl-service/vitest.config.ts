import { definePackageConfig } from '../../vitest.shared.js';

export default definePackageConfig({
  globalSetup: ['test/global-setup.ts'],
  // Every service a test starts boots Postgres compiled to WebAssembly (PGlite),
  // which took 20-40 s per boot on a saturated 2-core machine (measured).
  // The tests wait for what they check (no fixed sleeps), so a generous bound costs
  // nothing when the machine is quick.
  testTimeout: 180_000,
  hookTimeout: 180_000,
});

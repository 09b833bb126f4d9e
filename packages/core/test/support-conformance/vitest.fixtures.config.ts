import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Config of the child vitest run the self-test starts: every fixture registers
 * the conformance suite on the reference adapter or one broken variant, and the
 * JSON report (path in PC_CONFORMANCE_REPORT) says which tests failed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/support-conformance/fixtures/*.fixture.ts'],
    reporters: [
      [
        'json',
        { outputFile: process.env.PC_CONFORMANCE_REPORT ?? 'reports/conformance-fixtures.json' },
      ],
    ],
    testTimeout: 10_000,
    // Fixtures share modules: the run then costs one import of the suite, not thirteen.
    isolate: false,
    pool: 'threads',
  },
});

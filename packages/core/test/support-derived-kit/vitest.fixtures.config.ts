import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Config of the child vitest run of the derived cache kit self-test: every fixture runs
 * the kit on the access fixture cache, correct or with one fault, and the
 * JSON report (path in PC_DERIVED_KIT_REPORT) says which generated tests failed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/support-derived-kit/fixtures/*.fixture.ts'],
    reporters: [
      [
        'json',
        { outputFile: process.env.PC_DERIVED_KIT_REPORT ?? 'reports/derived-kit-fixtures.json' },
      ],
    ],
    testTimeout: 10_000,
    isolate: false,
    pool: 'threads',
  },
});

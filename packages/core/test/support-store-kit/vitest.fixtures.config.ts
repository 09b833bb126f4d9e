import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Config of the child vitest run of the store kit self-test: every fixture runs
 * the kit on the permissions fixture store, correct or with one fault, and the
 * JSON report (path in PC_STORE_KIT_REPORT) says which generated tests failed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/support-store-kit/fixtures/*.fixture.ts'],
    reporters: [
      [
        'json',
        { outputFile: process.env.PC_STORE_KIT_REPORT ?? 'reports/store-kit-fixtures.json' },
      ],
    ],
    testTimeout: 10_000,
    isolate: false,
    pool: 'threads',
  },
});

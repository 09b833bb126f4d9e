import { fileURLToPath } from 'node:url';
import { describeKitSelfTest } from './support/run-vitest-fixtures.js';

/**
 * Runs the derived cache kit in a child vitest on the access fixture cache,
 * correct and with a fault (test/support-derived-kit/fixtures), and checks that
 * exactly the tests meant to catch it fail.
 */
const MATRIX = 'after an ACL change on acme > ann on acme';
const EXPECTED_FAILURES: Record<string, readonly string[]> = {
  correct: [],
  // The ACL read around `inputs` is no dependency: the stored tags lack it and the
  // matrix sees a hit where a miss is due. (The race passes: any tag invalidation
  // while a derived value computes keeps it out of the cache, recorded or not.)
  'reads-around-inputs': [
    'read ann on acme > miss: one computation; stores exactly the key, its dependencies and TTL (burst off)',
    'read ann on acme > miss: one computation; stores exactly the key, its dependencies and TTL (burst on)',
    `${MATRIX} misses exactly when the invalidation meets what it depends on, and returns what the source returns now`,
  ],
  // Rows that agree with the fault: the value compared with the source still fails.
  'reads-around-inputs-rows-agree': [
    `${MATRIX} misses exactly when the invalidation meets what it depends on, and returns what the source returns now`,
  ],
};

const EXPECTED_MESSAGES: Record<string, Record<string, string>> = {
  'reads-around-inputs-rows-agree': {
    [`${MATRIX} misses exactly when the invalidation meets what it depends on, and returns what the source returns now`]:
      'a stale hit means the value depends on something dependsOn does not list',
  },
};

describeKitSelfTest('derived cache kit self-test', {
  config: fileURLToPath(
    new URL('./support-derived-kit/vitest.fixtures.config.ts', import.meta.url),
  ),
  reportVariable: 'PC_DERIVED_KIT_REPORT',
  failures: EXPECTED_FAILURES,
  messages: EXPECTED_MESSAGES,
  minimumTests: 6,
});

import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FixtureRun,
  fixtureTestName,
  runVitestFixtures,
} from './support/run-vitest-fixtures.js';

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

const CONFIG = fileURLToPath(
  new URL('./support-derived-kit/vitest.fixtures.config.ts', import.meta.url),
);

describe('derived cache kit self-test', () => {
  let run: FixtureRun;

  beforeAll(async () => {
    run = await runVitestFixtures(CONFIG, 'PC_DERIVED_KIT_REPORT');
  }, 120_000);

  it.each(Object.keys(EXPECTED_FAILURES))(
    'fixture "%s" fails exactly the tests meant to catch it',
    (name) => {
      const file = run.files.get(name);
      expect(file, `fixture ${name} ran\n${run.output.slice(-3000)}`).toBeDefined();
      const names = file!.assertionResults.map(fixtureTestName);
      expect(names.length).toBe(6);
      const failed = file!.assertionResults
        .filter((assertion) => assertion.status !== 'passed')
        .map(fixtureTestName)
        .sort();
      expect(failed).toEqual([...EXPECTED_FAILURES[name]!].sort());
      for (const [test, phrase] of Object.entries(EXPECTED_MESSAGES[name] ?? {})) {
        const assertion = file!.assertionResults.find(
          (candidate) => fixtureTestName(candidate) === test,
        );
        expect(assertion?.failureMessages.join('\n')).toContain(phrase);
      }
    },
  );
});

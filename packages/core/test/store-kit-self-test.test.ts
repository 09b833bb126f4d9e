import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeKitSelfTest, fixtureTestName } from './support/run-vitest-fixtures.js';

/**
 * Runs the store kit in a child vitest on the permissions fixture store, correct
 * and with each fault (test/support-store-kit/fixtures), and checks that exactly
 * the tests meant to catch each fault fail. "rows agree" fixtures describe the
 * broken store's behaviour in their rows, as an author who copied the store
 * would: the kit must catch the fault anyway.
 */
const EXPECTED_FAILURES: Record<string, readonly string[]> = {
  correct: [],
  // grant declares it drops acls:a-1; the store forgets: the write test sees no
  // invalidate call, the matrix sees a hit where a miss was declared.
  'forgets-invalidation': [
    'write grant > reaches the source and invalidates exactly the declared keys and tags',
    'invalidation matrix > after grant, getAccountAcl [a-1] misses and returns what the source returns now',
    'invalidation matrix > after grant, getAccountAcls reloads exactly [a-1] and returns what the source returns now',
  ],
  // The rows say grant invalidates nothing (as the broken store does): the matrix
  // still catches the stale read, because it compares with the source.
  'forgets-invalidation-rows-agree': [
    'invalidation matrix > after grant, getAccountAcl [a-1] hits and returns what the source returns now',
    'invalidation matrix > after grant, getAccountAcls reloads exactly [] and returns what the source returns now',
  ],
  // The role key omits the account: stored under another key than declared, the
  // write drops another key, and changing the account still hits.
  'key-missing-argument': [
    'read getRole > miss: one source call; stores exactly key, tags and TTL (burst off)',
    'read getRole > miss: one source call; stores exactly key, tags and TTL (burst on)',
    'read getRole > the key changes with argument 1',
    'write setRole > reaches the source and invalidates exactly the declared keys and tags',
  ],
  // The rows declare the broken key: only the argument test can tell, and it does.
  'key-missing-argument-rows-agree': ['read getRole > the key changes with argument 1'],
};

/** A phrase of the failure message of one test, so a fixture fails for the right reason. */
const EXPECTED_MESSAGES: Record<string, Record<string, string>> = {
  'forgets-invalidation-rows-agree': {
    'invalidation matrix > after grant, getAccountAcl [a-1] hits and returns what the source returns now':
      'a stale hit means the write changed it without invalidating it',
  },
  'key-missing-argument-rows-agree': {
    'read getRole > the key changes with argument 1':
      'getRole with argument 1 changed was served from the cache',
  },
  'forgets-invalidation': {
    'write grant > reaches the source and invalidates exactly the declared keys and tags':
      'grant makes exactly one Cache.invalidate call',
  },
};

describeKitSelfTest('store kit self-test', {
  config: fileURLToPath(new URL('./support-store-kit/vitest.fixtures.config.ts', import.meta.url)),
  reportVariable: 'PC_STORE_KIT_REPORT',
  failures: EXPECTED_FAILURES,
  messages: EXPECTED_MESSAGES,
  minimumTests: 31,
  more: (run) => {
    it('every fixture registers the same tests as the correct one (rows aside)', () => {
      const files = run().files;
      const correct = files.get('correct')!.assertionResults.map(fixtureTestName).sort();
      const sameRows = ['forgets-invalidation', 'key-missing-argument'];
      for (const name of sameRows) {
        expect(files.get(name)!.assertionResults.map(fixtureTestName).sort()).toEqual(correct);
      }
    });
  },
});

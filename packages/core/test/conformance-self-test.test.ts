import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FixtureFileResult,
  fixtureTestName,
  runVitestFixtures,
} from './support/run-vitest-fixtures.js';
import { BROKEN_ADAPTERS, type BrokenAdapterName } from './support-conformance/broken-adapters.js';

/**
 * Runs the conformance suite in a child vitest on the reference adapter and on
 * each deliberately broken adapter (test/support-conformance/fixtures), and checks
 * that exactly the tests meant to catch each fault fail - no more (a fault that
 * breaks unrelated tests would hide what the suite really checks), no fewer.
 */
const EXPECTED_FAILURES: Record<BrokenAdapterName, readonly string[]> = {
  'ignores-ttl': [
    'ttl and expiry (fake clock) > an entry is a hit before expiresAt and a miss after it; one without expiresAt stays',
    'ttl and expiry (fake clock) > set with an expiresAt at or before now removes the old entry and resolves false',
    'ttl and expiry (fake clock) > an expiresAt more than 30 days ahead is a hit until it passes',
    'prune > prune removes expired entries, reports them, and keeps live ones',
  ],
  'truncates-keys': [
    'keys > 10 kB keys work and stay distinct',
    'keys > keys that differ only past byte 250 stay distinct',
    // Buffer.from(key) also maps lone surrogates to U+FFFD.
    'keys > a key with a lone surrogate is rejected with InvalidKeyError or kept distinct',
    'keys > keys() lists every key exactly as it was given',
  ],
  'clear-wipes-foreign': ['clear and namespaces > clear never removes keys outside its namespace'],
  'falsy-payload-miss': [
    'basic > an empty payload and other falsy-looking payloads are hits',
    'batch > setMany stores every item and reports each, in input order',
  ],
  'expired-set-keeps-old': [
    'ttl and expiry (fake clock) > set with an expiresAt at or before now removes the old entry and resolves false',
  ],
  'dedupes-getmany': ['batch > getMany fills every slot of a duplicated key'],
  'torn-writes': ['concurrency > readers never see a torn value while writers replace it'],
  'ignores-dispose': ['failure > every operation after dispose rejects with ClosedError'],
  'hangs-when-unreachable': [
    'failure > every operation on an unreachable backend rejects with BackendUnavailableError within 1300 ms',
  ],
  'accepts-empty-key': [
    'keys > an empty or non-string key rejects with InvalidKeyError before anything is written',
  ],
  'case-folds-keys': [
    'keys > Unicode keys work and stay distinct (no normalization, no case folding)',
    'keys > keys() lists every key exactly as it was given',
  ],
  'counts-code-units': [
    'values > a payload of exactly maxValueBytes (65536) is stored; one byte more rejects with ValueTooLargeError and writes nothing',
  ],
};

const CONFIG = fileURLToPath(
  new URL('./support-conformance/vitest.fixtures.config.ts', import.meta.url),
);

async function runFixtures(): Promise<Map<string, FixtureFileResult>> {
  const run = await runVitestFixtures(CONFIG, 'PC_CONFORMANCE_REPORT');
  // Failing fixtures make the child exit 1; anything else means it did not run.
  expect(run.exitCode, run.output.slice(-4000)).toBe(1);
  return run.files;
}

describe('conformance suite self-test', () => {
  let files: Map<string, FixtureFileResult>;
  let referenceNames: string[];

  beforeAll(async () => {
    files = await runFixtures();
    const reference = files.get('reference');
    referenceNames = (reference?.assertionResults ?? []).map(fixtureTestName).sort();
  }, 120_000);

  it('the reference adapter passes every test of the suite', () => {
    const reference = files.get('reference')!;
    expect(reference, 'the reference fixture ran').toBeDefined();
    const notPassed = reference.assertionResults.filter(
      (assertion) => assertion.status !== 'passed',
    );
    expect(
      notPassed.map(
        (assertion) => `${fixtureTestName(assertion)}: ${assertion.failureMessages[0]}`,
      ),
    ).toEqual([]);
    expect(referenceNames.length).toBeGreaterThan(60);
  });

  it.each(Object.keys(BROKEN_ADAPTERS) as BrokenAdapterName[])(
    'the broken adapter "%s" fails exactly the tests meant to catch it',
    (name) => {
      const file = files.get(name);
      expect(file, `fixture ${name} ran`).toBeDefined();
      // Same capabilities as the reference, so the same tests were registered.
      expect(file!.assertionResults.map(fixtureTestName).sort()).toEqual(referenceNames);
      const failed = file!.assertionResults.filter((assertion) => assertion.status === 'failed');
      expect(failed.map(fixtureTestName).sort()).toEqual([...EXPECTED_FAILURES[name]].sort());
      for (const assertion of failed) expect(assertion.failureMessages.join('')).not.toBe('');
    },
  );

  it('registering a persistent adapter without unreachableFactory fails collection', () => {
    const file = files.get('missing-unreachable-factory');
    expect(file?.status).toBe('failed');
    expect(file?.assertionResults).toEqual([]);
    expect(file?.message).toContain('set "unreachableFactory"');
  });

  it('every fixture was checked', () => {
    expect([...files.keys()].sort()).toEqual(
      ['reference', 'missing-unreachable-factory', ...Object.keys(BROKEN_ADAPTERS)].sort(),
    );
  });
});

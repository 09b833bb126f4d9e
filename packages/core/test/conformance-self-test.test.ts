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
const CAS = 'compare and set';
const CAS_EXPIRED_ABSENT = `${CAS} > an expired entry counts as absent: an add stores, a replace of its payload resolves false`;
const CAS_NEW_EXPIRY = `${CAS} > a replace with the current payload stores the new entry with its own expiry, or none`;
const CAS_PAST_EXPIRY = `${CAS} > an entry whose expiresAt is at or before now removes the current entry when the condition holds, and resolves false`;
const CAS_EXACT = `${CAS} > payloads compare exactly: empty, falsy-looking, whitespace, NUL, Unicode, every code unit`;
const CAS_AFTER_DELETE = `${CAS} > after delete or deleteMany, a replace of the deleted payload resolves false and stores nothing`;
const CAS_AFTER_CLEAR = `${CAS} > after clear, a replace resolves false and stores nothing`;
const CAS_ADDS_RACE = `${CAS} > 50 concurrent adds of one key through two instances: exactly one resolves true, and its entry is stored`;
const CAS_DELETE_RACE = `${CAS} > a replace racing a delete of the same key through two instances never leaves its entry behind`;
const CAS_SET_RACE = `${CAS} > a replace racing a set of the same key through two instances never overwrites the newer entry`;
/** Every test of the compare-and-set group, as registered for the reference adapter. */
const CAS_TESTS = [
  `${CAS} > declares capabilities.compareAndSet: true and implements compareAndSet()`,
  `${CAS} > an add (expected undefined) on an absent key stores the entry and resolves true`,
  `${CAS} > an add on a present key resolves false and leaves the entry unchanged`,
  CAS_EXPIRED_ABSENT,
  CAS_NEW_EXPIRY,
  `${CAS} > a replace with any other payload resolves false and leaves the entry unchanged`,
  CAS_AFTER_DELETE,
  CAS_AFTER_CLEAR,
  CAS_EXACT,
  `${CAS} > a key given twice in one call is applied in input order`,
  `${CAS} > an empty call resolves to [] without a round trip (also on an unreachable backend)`,
  `${CAS} > handles 1,001 keys in one call`,
  `${CAS} > a payload over maxValueBytes (65536) rejects with ValueTooLargeError before anything is written`,
  `${CAS} > an empty or non-string key rejects with InvalidKeyError before anything is written`,
  CAS_PAST_EXPIRY,
  CAS_ADDS_RACE,
  CAS_DELETE_RACE,
  CAS_SET_RACE,
];
const EV = 'entry validation';
const EV_SET = `${EV} > set rejects a malformed entry (null, number or Buffer payload, NaN or string expiresAt) with SerializationError and keeps the old entry`;
const EV_SET_MANY = `${EV} > setMany rejects a batch holding a malformed entry with SerializationError and writes none of its items`;
const EV_CAS = `${EV} > compareAndSet rejects a call holding a malformed entry with SerializationError and writes none of its items`;
const EV_TTL_RANGE = `${EV} > expiresAt from now + 1 ms to now + Number.MAX_VALUE is accepted; far ones read back with their exact expiresAt`;
const EV_INFINITY = `${EV} > expiresAt Infinity is accepted and read back as no expiry`;
const EV_DOLLAR_KEYS = `${EV} > keys holding $ replacement patterns ($$, $&, $\`, $', $1) round-trip and stay distinct`;
const FAILS_AFTER_DISPOSE = 'failure > every operation after dispose rejects with ClosedError';
const FAILS_UNREACHABLE =
  'failure > every operation on an unreachable backend rejects with BackendUnavailableError within 1300 ms';

/**
 * Broken adapters that declare other capabilities than the reference: instead of
 * the reference's tests of `group` (and the tests in `dropped`), the suite
 * registers `tests`.
 */
const REGISTERED_INSTEAD: Partial<
  Record<
    BrokenAdapterName,
    {
      readonly group: string;
      readonly dropped?: readonly string[];
      readonly tests: readonly string[];
    }
  >
> = {
  'cas-undeclared-present': {
    group: CAS,
    dropped: [EV_CAS],
    tests: [`${CAS} > compareAndSet() is absent (capabilities.compareAndSet: false)`],
  },
};

const EXPECTED_FAILURES: Record<BrokenAdapterName, readonly string[]> = {
  'ignores-ttl': [
    'ttl and expiry (fake clock) > an entry is a hit before expiresAt and a miss after it; one without expiresAt stays',
    'ttl and expiry (fake clock) > set with an expiresAt at or before now removes the old entry and resolves false',
    'ttl and expiry (fake clock) > an expiresAt more than 30 days ahead is a hit until it passes',
    'prune > prune removes expired entries, reports them, and keeps live ones',
    CAS_EXPIRED_ABSENT,
    CAS_NEW_EXPIRY,
    CAS_PAST_EXPIRY,
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
    // An empty payload read as absent: an add over it succeeds.
    CAS_EXACT,
  ],
  'expired-set-keeps-old': [
    'ttl and expiry (fake clock) > set with an expiresAt at or before now removes the old entry and resolves false',
  ],
  'dedupes-getmany': ['batch > getMany fills every slot of a duplicated key'],
  'torn-writes': ['concurrency > readers never see a torn value while writers replace it'],
  'ignores-dispose': [FAILS_AFTER_DISPOSE],
  'hangs-when-unreachable': [FAILS_UNREACHABLE],
  'accepts-empty-key': [
    'keys > an empty or non-string key rejects with InvalidKeyError before anything is written',
    `${CAS} > an empty or non-string key rejects with InvalidKeyError before anything is written`,
  ],
  'case-folds-keys': [
    'keys > Unicode keys work and stay distinct (no normalization, no case folding)',
    'keys > keys() lists every key exactly as it was given',
  ],
  'counts-code-units': [
    'values > a payload of exactly maxValueBytes (65536) is stored; one byte more rejects with ValueTooLargeError and writes nothing',
    `${CAS} > a payload over maxValueBytes (65536) rejects with ValueTooLargeError before anything is written`,
  ],
  'cas-ignores-expected': [
    `${CAS} > an add on a present key resolves false and leaves the entry unchanged`,
    CAS_EXPIRED_ABSENT,
    `${CAS} > a replace with any other payload resolves false and leaves the entry unchanged`,
    CAS_AFTER_DELETE,
    CAS_AFTER_CLEAR,
    CAS_EXACT,
    `${CAS} > a key given twice in one call is applied in input order`,
    `${CAS} > handles 1,001 keys in one call`,
    CAS_PAST_EXPIRY,
    CAS_ADDS_RACE,
    // Not the replace races: in process, the replace started first also runs first,
    // and then writing without comparing is what an atomic adapter does too.
  ],
  'cas-absent-matches': [CAS_EXPIRED_ABSENT, CAS_AFTER_DELETE, CAS_AFTER_CLEAR, CAS_EXACT],
  'cas-keeps-old-expiry': [CAS_NEW_EXPIRY],
  'cas-not-atomic': [CAS_ADDS_RACE, CAS_DELETE_RACE, CAS_SET_RACE],
  'cas-declared-missing': [
    ...CAS_TESTS,
    EV_CAS,
    EV_TTL_RANGE,
    EV_INFINITY,
    FAILS_AFTER_DISPOSE,
    FAILS_UNREACHABLE,
  ],
  'cas-undeclared-present': [
    `${CAS} > compareAndSet() is absent (capabilities.compareAndSet: false)`,
  ],
  'skips-entry-validation': [EV_SET, EV_SET_MANY, EV_CAS, EV_INFINITY],
  'replaces-dollar-patterns': [EV_DOLLAR_KEYS],
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
    expect(
      referenceNames.filter((test) => test.startsWith(`${CAS} > `)),
      'the compare-and-set tests the broken adapters are checked against',
    ).toEqual([...CAS_TESTS].sort());
  });

  it.each(Object.keys(BROKEN_ADAPTERS) as BrokenAdapterName[])(
    'the broken adapter "%s" fails exactly the tests meant to catch it',
    (name) => {
      const file = files.get(name);
      expect(file, `fixture ${name} ran`).toBeDefined();
      // Same capabilities as the reference, so the same tests were registered (unless
      // the fault is a capability the adapter declares differently).
      const instead = REGISTERED_INSTEAD[name];
      const registered =
        instead === undefined
          ? referenceNames
          : [
              ...referenceNames.filter(
                (test) =>
                  !test.startsWith(`${instead.group} > `) && !instead.dropped?.includes(test),
              ),
              ...instead.tests,
            ].sort();
      expect(file!.assertionResults.map(fixtureTestName).sort()).toEqual(registered);
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

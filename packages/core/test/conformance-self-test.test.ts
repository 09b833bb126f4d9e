import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
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

interface JsonAssertion {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
  readonly failureMessages: readonly string[];
}
interface JsonFileResult {
  readonly name: string;
  readonly status: string;
  readonly message: string;
  readonly assertionResults: readonly JsonAssertion[];
}

const CORE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST_BIN = join(CORE_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const CONFIG = join(CORE_ROOT, 'test', 'support-conformance', 'vitest.fixtures.config.ts');

async function runFixtures(): Promise<Map<string, JsonFileResult>> {
  const directory = await mkdtemp(join(tmpdir(), 'pc-conformance-'));
  const report = join(directory, 'report.json');
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PC_CONFORMANCE_REPORT: report,
      FORCE_COLOR: '0',
    };
    // The child is a fresh vitest, not a worker of this one.
    for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
    const output: string[] = [];
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [VITEST_BIN, 'run', '--config', CONFIG], {
        cwd: CORE_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    // Failing fixtures make the child exit 1; anything else means it did not run.
    expect(exitCode, output.join('').slice(-4000)).toBe(1);
    const parsed = JSON.parse(await readFile(report, 'utf8')) as { testResults: JsonFileResult[] };
    return new Map(
      parsed.testResults.map((file) => [
        file.name.split('/').pop()!.replace('.fixture.ts', ''),
        file,
      ]),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const testName = (assertion: JsonAssertion) =>
  [...assertion.ancestorTitles.slice(1), assertion.title].join(' > ');

describe('conformance suite self-test', () => {
  let files: Map<string, JsonFileResult>;
  let referenceNames: string[];

  beforeAll(async () => {
    files = await runFixtures();
    const reference = files.get('reference');
    referenceNames = (reference?.assertionResults ?? []).map(testName).sort();
  }, 120_000);

  it('the reference adapter passes every test of the suite', () => {
    const reference = files.get('reference')!;
    expect(reference, 'the reference fixture ran').toBeDefined();
    const notPassed = reference.assertionResults.filter(
      (assertion) => assertion.status !== 'passed',
    );
    expect(
      notPassed.map((assertion) => `${testName(assertion)}: ${assertion.failureMessages[0]}`),
    ).toEqual([]);
    expect(referenceNames.length).toBeGreaterThan(60);
  });

  it.each(Object.keys(BROKEN_ADAPTERS) as BrokenAdapterName[])(
    'the broken adapter "%s" fails exactly the tests meant to catch it',
    (name) => {
      const file = files.get(name);
      expect(file, `fixture ${name} ran`).toBeDefined();
      // Same capabilities as the reference, so the same tests were registered.
      expect(file!.assertionResults.map(testName).sort()).toEqual(referenceNames);
      const failed = file!.assertionResults.filter((assertion) => assertion.status === 'failed');
      expect(failed.map(testName).sort()).toEqual([...EXPECTED_FAILURES[name]].sort());
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

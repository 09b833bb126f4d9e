import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/** One test of a child vitest run, from its JSON report. */
export interface FixtureAssertion {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
  readonly failureMessages: readonly string[];
}

/** One fixture file of a child vitest run. */
export interface FixtureFileResult {
  readonly name: string;
  readonly status: string;
  readonly message: string;
  readonly assertionResults: readonly FixtureAssertion[];
}

/** Result of `runVitestFixtures`. */
export interface FixtureRun {
  readonly exitCode: number | null;
  /** Console output of the child, for failure messages. */
  readonly output: string;
  /** Results by fixture file name without `.fixture.ts`. */
  readonly files: Map<string, FixtureFileResult>;
}

const CORE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST_BIN = join(CORE_ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/**
 * Runs a fresh vitest (not a worker of this one) on `config`, which must write
 * its JSON report to the path in the environment variable `reportVariable`, and
 * returns the report by fixture. Self-tests use it to prove that a test kit
 * fails exactly the tests meant to catch a deliberately broken subject.
 */
export async function runVitestFixtures(
  config: string,
  reportVariable: string,
): Promise<FixtureRun> {
  const directory = await mkdtemp(join(tmpdir(), 'pc-fixtures-'));
  const report = join(directory, 'report.json');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, [reportVariable]: report, FORCE_COLOR: '0' };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
    const output: string[] = [];
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [VITEST_BIN, 'run', '--config', config], {
        cwd: CORE_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    let parsed: { testResults: FixtureFileResult[] } = { testResults: [] };
    try {
      parsed = JSON.parse(await readFile(report, 'utf8')) as typeof parsed;
    } catch {
      // No report: the caller sees an empty map and the output.
    }
    return {
      exitCode,
      output: output.join(''),
      files: new Map(
        parsed.testResults.map((file) => [
          file.name.split('/').pop()!.replace('.fixture.ts', ''),
          file,
        ]),
      ),
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A test's full name below the top-level describe: `group > title`. */
export function fixtureTestName(assertion: FixtureAssertion): string {
  return [...assertion.ancestorTitles.slice(1), assertion.title].join(' > ');
}

/** What the fixtures of a kit self-test must produce. */
export interface KitSelfTestOptions {
  /** The child vitest config of the fixtures. */
  readonly config: string;
  /** The environment variable the config reads its JSON report path from. */
  readonly reportVariable: string;
  /** Per fixture: full names (`fixtureTestName`) of exactly the tests that must fail. */
  readonly failures: Readonly<Record<string, readonly string[]>>;
  /** Per fixture and test: a phrase its failure message must contain. @default {} */
  readonly messages?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** How many tests each fixture must register at least. */
  readonly minimumTests: number;
  /** Registers more tests in the same block, reading the run inside them. */
  readonly more?: (run: () => FixtureRun) => void;
}

/**
 * Registers a kit self-test: runs the fixtures in a child vitest once, then one
 * test per fixture that exactly its expected tests failed, for the right reason.
 */
export function describeKitSelfTest(title: string, options: KitSelfTestOptions): void {
  let run: FixtureRun | undefined;
  describe(title, () => {
    beforeAll(async () => {
      run = await runVitestFixtures(options.config, options.reportVariable);
    }, 120_000);

    it.each(Object.keys(options.failures))(
      'fixture "%s" fails exactly the tests meant to catch it',
      (name) => {
        const file = run!.files.get(name);
        expect(file, `fixture ${name} ran\n${run!.output.slice(-3000)}`).toBeDefined();
        const names = file!.assertionResults.map(fixtureTestName);
        expect(names.length).toBeGreaterThanOrEqual(options.minimumTests);
        const failed = file!.assertionResults
          .filter((assertion) => assertion.status !== 'passed')
          .map(fixtureTestName)
          .sort();
        expect(failed).toEqual([...options.failures[name]!].sort());
        for (const [test, phrase] of Object.entries(options.messages?.[name] ?? {})) {
          const assertion = file!.assertionResults.find(
            (candidate) => fixtureTestName(candidate) === test,
          );
          expect(assertion?.failureMessages.join('\n')).toContain(phrase);
        }
      },
    );
    options.more?.(() => run!);
  });
}

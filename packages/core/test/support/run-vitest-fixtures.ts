import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

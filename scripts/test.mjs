#!/usr/bin/env node
// The root `test` command: makes sure the test servers' binaries exist, builds and
// tests every workspace package through turbo, then sums the packages' vitest JSON
// reports. The last line it prints is always `N passed, N failed, N skipped` (CI
// reads it); the exit code is non-zero on any failure, a missing report, or no tests.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const WORKSPACE_GLOBS = ['packages/*', 'examples/*', 'bench'];
const REPORT = join('reports', 'vitest.json');
const BINARIES = ['redis-server', 'redis-cli', 'memcached'];
const APT_PACKAGES = ['redis-server', 'redis-tools', 'memcached'];
const INSTALL_COMMAND = `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
// Two cores: more parallel vitest runs only make timing-sensitive tests slower.
const CONCURRENCY = process.env.PC_TEST_CONCURRENCY ?? '2';

const log = (message) => console.log(`[pc:test] ${message}`);

function findBinary(name) {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    try {
      accessSync(join(directory, name), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

function missingBinaries() {
  return BINARIES.filter((name) => !findBinary(name));
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  if (result.error) {
    log(`could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

function printSummary(rows, totals) {
  if (rows.length > 0) {
    const width = Math.max(7, ...rows.map((row) => row.name.length));
    const line = (cells) =>
      `${cells[0].padEnd(width)}  ${cells
        .slice(1, 4)
        .map((cell) => String(cell).padStart(7))
        .join('  ')}  ${cells[4]}`;
    console.log('');
    console.log(line(['package', 'passed', 'failed', 'skipped', 'status']));
    for (const row of rows) {
      console.log(line([row.name, row.passed, row.failed, row.skipped, row.status]));
    }
    console.log('');
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}

// Every way the run can stop early still ends with the summary line, counting the
// stage that broke as one failure, so that line alone never reads green for a broken run.
function fail(message, stage = '(setup)') {
  log(message);
  printSummary([{ name: stage, passed: 0, failed: 1, skipped: 0, status: 'FAILED' }], {
    passed: 0,
    failed: 1,
    skipped: 0,
  });
  process.exit(1);
}

// 1. The binaries the test services start.
let missing = missingBinaries();
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    fail(
      `${missing.join(', ')} not found on PATH; the tests run against real servers. ` +
        `Install them, then run the tests again:\n\n  sudo sh -c '${INSTALL_COMMAND}'\n`,
    );
  }
  log(`${missing.join(', ')} not found; installing ${APT_PACKAGES.join(', ')} with apt-get...`);
  const aptEnv = { DEBIAN_FRONTEND: 'noninteractive' };
  log('apt-get update');
  if (run('apt-get', ['update'], aptEnv) !== 0) {
    fail(`apt-get update failed; run \`${INSTALL_COMMAND}\` yourself and retry.`);
  }
  log(`apt-get install -y ${APT_PACKAGES.join(' ')}`);
  if (run('apt-get', ['install', '-y', ...APT_PACKAGES], aptEnv) !== 0) {
    fail(`apt-get install failed; run \`${INSTALL_COMMAND}\` yourself and retry.`);
  }
  missing = missingBinaries();
  if (missing.length > 0) {
    fail(`${missing.join(', ')} still not on PATH after apt-get install.`);
  }
  log('installed.');
}

// 2. Workspace packages with a test script, and no report left from an earlier run.
function workspaceDirectories() {
  const directories = [];
  for (const pattern of WORKSPACE_GLOBS) {
    if (pattern.endsWith('/*')) {
      const parent = join(ROOT, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        if (entry.isDirectory()) directories.push(join(parent, entry.name));
      }
    } else {
      directories.push(join(ROOT, pattern));
    }
  }
  return directories.filter((directory) => existsSync(join(directory, 'package.json')));
}

const testedPackages = [];
for (const directory of workspaceDirectories()) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  rmSync(join(directory, REPORT), { force: true });
  if (manifest.scripts?.test) testedPackages.push({ name: manifest.name, directory });
}
testedPackages.sort((a, b) => a.name.localeCompare(b.name));

// 3. Build, then test every package. `--continue` so one red package does not hide
// the results of the others.
const turbo = join(ROOT, 'node_modules', '.bin', 'turbo');
if (!existsSync(turbo)) fail('turbo is not installed: run `npx -y pnpm@10.34.9 install` first.');
// turbo spawns each package's script with the package manager it finds on PATH.
if (!findBinary('pnpm')) {
  fail('no pnpm on PATH for turbo: run the tests with `npx -y pnpm@10.34.9 test`.');
}
const turboEnv = { TURBO_TELEMETRY_DISABLED: '1', TURBO_UI: 'false' };
const turboFlags = [`--concurrency=${CONCURRENCY}`, '--log-order=grouped', '--ui=stream'];

log('turbo run build');
if (run(turbo, ['run', 'build', ...turboFlags], turboEnv) !== 0) {
  // Counted as a failure so the summary line alone never reads green for a broken build.
  fail(
    'turbo run build failed; no tests ran.',
    [{ name: '(build)', passed: 0, failed: 1, skipped: 0, status: 'FAILED' }],
    { passed: 0, failed: 1, skipped: 0 },
  );
}

// 4. Typecheck every package, its tests and the examples (tsc) and check each
// package's manifest (publint): compile-time guarantees (`AssertAllHandled`, the
// store kit's rows) are only guarantees when something compiles them.
log('turbo run lint (tsc --noEmit and publint per package)');
const lintStatus = run(turbo, ['run', 'lint', '--continue', ...turboFlags], turboEnv);

log(`turbo run test (${testedPackages.length} packages)`);
const testStatus = run(turbo, ['run', 'test', '--continue', ...turboFlags], turboEnv);

// 5. Sum the reports.
const rows = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
for (const { name, directory } of testedPackages) {
  const reportPath = join(directory, REPORT);
  if (!existsSync(reportPath)) {
    // Counted as one failure: a package whose tests never reported did not pass.
    rows.push({ name, passed: 0, failed: 1, skipped: 0, status: 'NO REPORT' });
    totals.failed += 1;
    problems.push(`${name} wrote no ${relative(ROOT, reportPath)}`);
    continue;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch (error) {
    rows.push({ name, passed: 0, failed: 1, skipped: 0, status: 'BAD REPORT' });
    totals.failed += 1;
    problems.push(`${name}: ${relative(ROOT, reportPath)} is not JSON (${error.message})`);
    continue;
  }
  const passed = report.numPassedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  let failed = report.numFailedTests ?? 0;
  // A file that failed to load, or an error outside any test, fails no test: count it.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  failed += brokenFiles;
  if (report.success === false && failed === 0) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  rows.push({ name, passed, failed, skipped, status: failed > 0 ? 'FAILED' : 'ok' });
}

if (lintStatus !== 0) {
  // Counted as one failure, like a package whose tests did not report.
  rows.push({
    name: '(typecheck and publint)',
    passed: 0,
    failed: 1,
    skipped: 0,
    status: 'FAILED',
  });
  totals.failed += 1;
  problems.push(`turbo run lint exited with ${lintStatus}`);
}

const total = totals.passed + totals.failed + totals.skipped;
if (testStatus !== 0) problems.push(`turbo run test exited with ${testStatus}`);
if (totals.failed > 0) problems.push(`${totals.failed} failed`);
if (total === 0) problems.push('no tests ran');
for (const problem of problems) log(problem);
printSummary(rows, totals);
process.exit(problems.length > 0 ? 1 : 0);

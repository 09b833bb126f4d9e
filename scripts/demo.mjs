#!/usr/bin/env node
// The root `demo` command: builds examples/acl-service and what it depends on with
// turbo (quietly), then runs its demo: the service on an embedded Postgres in its
// own process, the same workload without pc, with pc and on two instances sharing
// Redis, a database outage, and a report with a chart (exit code 1 on a stale read).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const EXAMPLE = '@pc/example-acl-service';
const MAIN = join(ROOT, 'examples', 'acl-service', 'dist', 'demo.js');

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) console.error(`[pc:demo] could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

const turbo = join(ROOT, 'node_modules', '.bin', 'turbo');
if (!existsSync(turbo)) {
  console.error('[pc:demo] turbo is not installed: run `npx -y pnpm@10.34.9 install` first.');
  process.exit(1);
}
console.log(`[pc:demo] building ${EXAMPLE} and its dependencies...`);
const build = run(
  turbo,
  ['run', 'build', `--filter=${EXAMPLE}...`, '--output-logs=errors-only', '--ui=stream'],
  { TURBO_TELEMETRY_DISABLED: '1', TURBO_UI: 'false' },
);
if (build !== 0) {
  console.error('[pc:demo] build failed (see above).');
  process.exit(build);
}
console.log('');
process.exit(run(process.execPath, [MAIN]));

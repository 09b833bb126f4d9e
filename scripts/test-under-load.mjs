#!/usr/bin/env node
// Runs the root test command (`scripts/test.mjs`) while busy loops keep the CPU
// saturated, the way a loaded CI or developer machine would: tests that only pass
// on an idle machine fail here. Usage:
//   npx -y pnpm@10.34.9 test:under-load            # one busy loop per core
//   PC_BUSY_LOOPS=4 npx -y pnpm@10.34.9 test:under-load
// The busy loops are stopped however the test command ends; its exit code and its
// last line (`N passed, N failed, N skipped`) are passed through.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const count = Number(process.env.PC_BUSY_LOOPS ?? availableParallelism());
if (!Number.isInteger(count) || count < 0) {
  console.error(
    `[pc:test] set PC_BUSY_LOOPS to a whole number of busy loops, got ${process.env.PC_BUSY_LOOPS}`,
  );
  process.exit(2);
}

const loops = [];
for (let index = 0; index < count; index++) {
  loops.push(spawn(process.execPath, ['--eval', 'for (;;) {}'], { stdio: 'ignore' }));
}
const stopLoops = () => {
  for (const loop of loops) loop.kill('SIGKILL');
};
process.on('exit', stopLoops);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopLoops();
    process.exit(130);
  });
}
console.log(`[pc:test] ${count} busy loop(s) running during the tests`);
const tests = spawn(process.execPath, [join(ROOT, 'scripts', 'test.mjs')], {
  cwd: ROOT,
  stdio: 'inherit',
});
tests.on('exit', (code, signal) => {
  stopLoops();
  process.exit(code ?? (signal ? 1 : 0));
});

import { expect } from 'vitest';
import { runChildToExit } from './run-child-to-exit.js';

/**
 * Runs an exit fixture: a module that uses an adapter (or bus), prints
 * `{ errors, timers }` as JSON (the error codes its operations rejected with,
 * and the timers still active at its end) and then returns. Checks that the
 * child exited by itself, cleanly, with no timer left behind.
 * @returns the error codes the fixture's operations rejected with.
 */
export async function runExitFixture(
  fixture: string,
  args: readonly string[],
  withinMilliseconds: number,
): Promise<string[]> {
  const exit = await runChildToExit(fixture, args, withinMilliseconds);
  expect(exit.stderr).toBe('');
  expect(exit.exitedOnItsOwn).toBe(true);
  expect(exit.code).toBe(0);
  const report = JSON.parse(exit.stdout) as { errors: string[]; timers: string[] };
  expect(report.timers).toEqual([]);
  return report.errors;
}

import { spawn } from 'node:child_process';

/** How a child process run by `runChildToExit` ended. */
export interface ChildExit {
  /** `true` when the child exited by itself within the bound (it was not killed). */
  readonly exitedOnItsOwn: boolean;
  readonly code: number | null;
  /** Everything the child wrote to stdout. */
  readonly stdout: string;
  /** Everything the child wrote to stderr. */
  readonly stderr: string;
}

/**
 * Runs `node <module> ...args` with no IPC channel (which would keep it alive)
 * and waits for it to exit by itself. A child still running after
 * `withinMilliseconds` is killed (SIGKILL) and reported with
 * `exitedOnItsOwn: false`: the bound only separates "exits" from "hangs", so
 * make it generous (a loaded machine starts Node slowly).
 */
export function runChildToExit(
  module: string,
  args: readonly string[],
  withinMilliseconds: number,
): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [module, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, withinMilliseconds);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitedOnItsOwn: !killed, code, stdout, stderr });
    });
  });
}

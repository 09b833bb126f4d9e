import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPOSITORY_ROOT } from './public-packages.js';

/** What one finished (or killed) command left behind. */
export interface CommandResult {
  /** The command line, for messages. */
  readonly command: string;
  /** Exit code; `null` when the process was killed. */
  readonly code: number | null;
  /** `true` when the deadline killed the process. */
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock duration, for the timings the test prints. */
  readonly milliseconds: number;
}

export interface CommandOptions {
  readonly cwd: string;
  /** The process is killed (SIGKILL) after this long. */
  readonly timeoutMilliseconds: number;
}

/**
 * The environment for every command: the caller's, without the variables npm, npx and
 * pnpm set for a script they run. `npm_config_local_prefix` alone would make npm install
 * into the workspace package instead of the temporary app; npm reads its own config
 * files (registry, cache, cafile) again anyway.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('npm_') || lower.startsWith('pnpm_') || lower === 'init_cwd') continue;
    if (name.startsWith('VITEST') || name === 'NODE_ENV' || name === 'TEST') continue;
    environment[name] = value;
  }
  return environment;
}

/** Runs a command without a shell; resolves (never rejects) once it has exited or been killed. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const command = [file, ...args].join(' ');
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: childEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMilliseconds);
    const finish = (code: number | null, spawnError?: Error) => {
      clearTimeout(timer);
      resolve({
        command,
        code,
        timedOut,
        stdout,
        stderr: spawnError ? `${stderr}${spawnError.message}` : stderr,
        milliseconds: Math.round(performance.now() - started),
      });
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}

/** Everything a failed command printed, for an assertion message. */
export function describeResult(result: CommandResult): string {
  const status = result.timedOut
    ? `was still running after its deadline and was killed`
    : `exited with ${result.code}`;
  return `\`${result.command}\` ${status} (${result.milliseconds} ms)\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function onPath(name: string): boolean {
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

/**
 * How to run pnpm: the one on PATH (the root test command runs with one), else the
 * version the root package.json pins, through npx (which only needs npm).
 */
export function pnpmCommand(): { readonly file: string; readonly prefix: readonly string[] } {
  if (onPath('pnpm')) return { file: 'pnpm', prefix: [] };
  const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
    packageManager: string;
  };
  return { file: 'npx', prefix: ['-y', manifest.packageManager] };
}

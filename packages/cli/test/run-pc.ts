import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The BUILT binary, as npm links it (`pnpm build` first; turbo's test task does). */
export const PC_BINARY = fileURLToPath(new URL('../dist/pc.js', import.meta.url));

/** What one `pc` run printed and how it exited. */
export interface PcRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as one JSON document (`--json`). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the parsed output freely
  json<T = Record<string, any>>(): T;
}

/**
 * Runs `node dist/pc.js ...args` as a child process (stdin closed: not a terminal),
 * with `PC_*` variables of the test environment removed unless given in `env`.
 */
export function runPc(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMilliseconds = 30_000,
): Promise<PcRun> {
  if (!existsSync(PC_BINARY)) throw new Error(`${PC_BINARY} is missing: build @pc/cli first`);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PC_')),
  );
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [PC_BINARY, ...args],
      { env: { ...inherited, ...env }, timeout: timeoutMilliseconds, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : Number.NaN;
        resolve({
          code,
          stdout,
          stderr,
          json: () => {
            try {
              return JSON.parse(stdout);
            } catch {
              throw new Error(
                `stdout is not one JSON document (exit ${code}):\n${stdout}\nstderr:\n${stderr}`,
              );
            }
          },
        });
      },
    );
    child.stdin?.end();
  });
}

let counter = 0;
const RUN = Math.random().toString(36).slice(2, 8);

/** An adapter namespace (or name) no other test uses. */
export function uniqueName(label: string): string {
  counter += 1;
  return `${label}-${RUN}-${counter}`;
}

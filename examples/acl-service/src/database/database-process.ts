import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATABASE_BANNER } from './database-protocol.js';
import type { SeedOptions } from './seed-data.js';

/** A database process (PGlite behind a loopback socket) that the caller owns. */
export interface DatabaseProcess {
  /** `pcdb://127.0.0.1:<port>`: what `AclDatabase.connect` and `PC_DATABASE_URL` take. */
  readonly url: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MILLISECONDS = 180_000;
const STOP_TIMEOUT_MILLISECONDS = 10_000;

/**
 * The built entry of the database process, `dist/database-main.js` of this
 * package: found from this module whether it runs from `dist/` (the demo, the
 * service) or from `src/` (the tests, which run after the package's build).
 */
export function databaseMainScript(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('[acl-service] package.json not found');
    directory = parent;
  }
  const script = join(directory, 'dist', 'database-main.js');
  if (!existsSync(script)) {
    throw new Error(`[acl-service] ${script} is missing: build the example first`);
  }
  return script;
}

/**
 * Starts the service's database in its own process (an embedded Postgres:
 * nothing to install), seeded with `seed`, and waits until it accepts connections.
 * Off the service's event loop: a query costs the service waiting time, never
 * blocked time, as with a database server.
 */
export function startDatabaseProcess(seed: SeedOptions = {}): Promise<DatabaseProcess> {
  const child = spawn(process.execPath, [databaseMainScript()], {
    env: { ...process.env, PC_DATABASE_SEED: JSON.stringify(seed) },
    // stdin is how the process notices that its owner died: it exits when the pipe closes.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`the database did not start within ${START_TIMEOUT_MILLISECONDS} ms:\n${output}`),
      );
    }, START_TIMEOUT_MILLISECONDS);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`the database exited (${signal ?? code}) before it listened:\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = DATABASE_BANNER.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ url: match[1]!, stop: () => stop(child) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', onExit);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MILLISECONDS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

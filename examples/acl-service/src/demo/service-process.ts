import { type ChildProcess, spawn } from 'node:child_process';

/** An acl-service running in a child process. */
export interface ServiceProcess {
  readonly url: string;
  /** The line the service printed on start. */
  readonly banner: string;
  stop(): Promise<void>;
}

// Generous: a service that boots its own database waits for Postgres in WebAssembly.
const START_TIMEOUT_MILLISECONDS = 180_000;
const STOP_TIMEOUT_MILLISECONDS = 10_000;

/** Starts `node <mainScript>` with `env` added and waits for its "listening on" line. */
export function startServiceProcess(
  mainScript: string,
  env: Readonly<Record<string, string>>,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [mainScript], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`acl-service did not start within ${START_TIMEOUT_MILLISECONDS} ms:\n${output}`),
      );
    }, START_TIMEOUT_MILLISECONDS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^(acl-service listening on (http:\/\/127\.0\.0\.1:\d+).*)$/m.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ url: match[2]!, banner: match[1]!, stop: () => stop(child) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`acl-service exited (${signal ?? code}) before it listened:\n${output}`));
    });
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

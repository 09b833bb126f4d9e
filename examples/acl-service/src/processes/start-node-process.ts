import { type ChildProcess, spawn } from 'node:child_process';

/** A Node.js script running in a child process, once it printed its banner. */
export interface NodeProcess {
  /** The banner's match (`match[1]`, ... are its groups). */
  readonly match: RegExpExecArray;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process exited. */
  stop(): Promise<void>;
}

/** Options of `startNodeProcess`. */
export interface NodeProcessOptions {
  /** What the process is, in error messages: `"acl-service"`. */
  readonly name: string;
  readonly script: string;
  /** Added to this process's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The line (stdout) that says the process is ready. */
  readonly banner: RegExp;
  readonly startTimeoutMilliseconds: number;
}

const STOP_TIMEOUT_MILLISECONDS = 10_000;

/**
 * Starts `node <script>` and waits for its banner. Its stdin is a pipe: a
 * process that watches it (the database's) exits when its owner dies.
 */
export function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, [options.script], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${options.name} did not start within ${options.startTimeoutMilliseconds} ms:\n${output}`,
        ),
      );
    }, options.startTimeoutMilliseconds);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(
        new Error(`${options.name} exited (${signal ?? code}) before it was ready:\n${output}`),
      );
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = options.banner.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ match, stop: () => stop(child) });
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

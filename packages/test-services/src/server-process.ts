import { type ChildProcess, spawn } from 'node:child_process';
import { registerPid, unregisterPid } from './server-registry.js';
import { TEST_SERVICES_DEFAULTS } from './test-services-defaults.js';

const OUTPUT_TAIL_CHARACTERS = 4_000;
const POLL_INTERVAL_MILLISECONDS = 25;

/** How to run and recognise one kind of server. */
export interface ServerProcessSpec {
  /** Short name used in messages and PID files, e.g. `redis-6379`. */
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly directory: string;
  readonly port: number;
  /**
   * Resolves `true` once the server on `port` answers and reports `pid` as its own
   * process id: a server from another run that grabbed the port does not count.
   */
  readonly isReady: (port: number, pid: number) => Promise<boolean>;
  /** Time to wait for `isReady`, in milliseconds. */
  readonly startTimeoutMilliseconds: number;
  /**
   * Signal `stop()` sends first. memcached takes ~1 s to honour SIGTERM and holds
   * nothing worth a graceful exit, so it is stopped with SIGKILL.
   */
  readonly stopSignal: NodeJS.Signals;
}

/** Raised when a server exits before it answers, e.g. because its port was taken. */
export class ServerStartError extends Error {
  readonly exitedEarly: boolean;
  constructor(message: string, exitedEarly: boolean) {
    super(message);
    this.name = 'ServerStartError';
    this.exitedEarly = exitedEarly;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const delay = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** One server process: spawn, wait until it answers, kill, stop, restart on the same port. */
export class ServerProcess {
  readonly #spec: ServerProcessSpec;
  #child: ChildProcess | undefined;
  #output = '';

  constructor(spec: ServerProcessSpec) {
    this.#spec = spec;
  }

  get port(): number {
    return this.#spec.port;
  }

  /** PID of the current process; after `kill()` the PID of the one that was killed. */
  get pid(): number {
    const pid = this.#child?.pid;
    if (pid === undefined) throw new Error(`[pc:test-services] ${this.#spec.name} never started`);
    return pid;
  }

  get running(): boolean {
    return this.#child !== undefined && !hasExited(this.#child);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.#output = '';
    const child = spawn(this.#spec.binary, this.#spec.args, {
      cwd: this.#spec.directory,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const collect = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARACTERS);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    // A forgotten server must never keep a test process alive; the exit hook kills it.
    child.unref();
    (child.stdout as { unref?: () => void } | null)?.unref?.();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const pid = child.pid;
    if (pid === undefined) {
      throw new ServerStartError(
        `[pc:test-services] could not spawn ${this.#spec.binary}: ${(await spawnError).message}`,
        false,
      );
    }
    registerPid(this.#spec.directory, this.#spec.name, pid);
    child.once('exit', () => unregisterPid(pid));

    const deadline = Date.now() + this.#spec.startTimeoutMilliseconds;
    while (Date.now() < deadline) {
      if (hasExited(child)) {
        throw new ServerStartError(
          `[pc:test-services] ${this.#spec.name} exited (${child.exitCode ?? child.signalCode}) before it answered on 127.0.0.1:${this.#spec.port}.\n${this.#output}`,
          true,
        );
      }
      if (await this.#spec.isReady(this.#spec.port, pid).catch(() => false)) return;
      await delay(POLL_INTERVAL_MILLISECONDS);
    }
    await this.kill();
    throw new ServerStartError(
      `[pc:test-services] ${this.#spec.name} did not answer on 127.0.0.1:${this.#spec.port} within ${this.#spec.startTimeoutMilliseconds} ms.\n${this.#output}`,
      false,
    );
  }

  /** SIGKILL, as a crash would; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined || hasExited(child)) return;
    child.kill('SIGKILL');
    await waitForExit(child);
  }

  /** The stop signal, then SIGKILL if it lingers; resolves once the process is gone. Idempotent. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || hasExited(child)) return;
    const exited = waitForExit(child);
    child.kill(this.#spec.stopSignal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), TEST_SERVICES_DEFAULTS.stopTimeoutMilliseconds);
    });
    const lingered = await Promise.race([exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (lingered) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Kills the process if it runs and starts a new one on the same port and directory. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** The last few kilobytes the server printed; useful in assertion messages. */
  get output(): string {
    return this.#output;
  }
}

import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  ParentMessage,
  ParentMethodName,
  StaleReadReport,
  WorkerInit,
  WorkerMessage,
  WorkerStats,
} from './ipc-messages.js';
import { RaceHarnessError } from './race-harness-error.js';

/**
 * The worker bundle. Relative to this file both from `src/` (tests, through vitest)
 * and from `dist/` (the CLI bundle): `<package>/dist/worker.js`.
 */
export const WORKER_PATH = fileURLToPath(new URL('../dist/worker.js', import.meta.url));

/** Answers a worker's calls to the parent. */
export type CallHandler = (method: ParentMethodName, args: readonly unknown[]) => unknown;

/** What a worker reported when it stopped. */
export interface WorkerOutcome {
  readonly stats: WorkerStats;
  readonly values: readonly unknown[] | undefined;
}

/** One run (one configuration) of a worker. */
interface WorkerRun {
  readonly onCall: CallHandler;
  readonly onStale: (report: StaleReadReport) => void;
  readonly ready: Deferred<boolean | undefined>;
  readonly done: Deferred<WorkerOutcome>;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Either may go unobserved when the other one fails first.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * The parent's handle on one forked worker process. A worker serves one run after
 * another (a new `init` each), so a harness run forks its processes once.
 */
export class WorkerProcess {
  readonly #child: ChildProcess;
  #run: WorkerRun | undefined;
  #exited = false;

  constructor(workerPath: string = WORKER_PATH) {
    if (!existsSync(workerPath)) {
      throw new RaceHarnessError(
        `[pc:race-harness] ${workerPath} is missing: build the harness first (npx -y pnpm@10.34.9 --filter @pc/race-harness build)`,
      );
    }
    // No execArgv: the parent may run under vitest or tsx, the worker is plain JS.
    this.#child = fork(workerPath, [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (message: WorkerMessage) => this.#onMessage(message));
    this.#child.once('error', (error) =>
      this.#fail(
        new RaceHarnessError(`[pc:race-harness] worker: ${error.message}`, { cause: error }),
      ),
    );
    this.#child.once('exit', (code, signal) => {
      this.#exited = true;
      this.#fail(
        new RaceHarnessError(
          `[pc:race-harness] a worker exited (${code ?? signal}) before it reported`,
        ),
      );
    });
  }

  /** Whether the process can serve another run. */
  get alive(): boolean {
    return !this.#exited && this.#child.connected;
  }

  #fail(error: Error): void {
    const run = this.#run;
    if (run === undefined) return;
    this.#run = undefined;
    run.ready.reject(error);
    run.done.reject(error);
  }

  #onMessage(message: WorkerMessage): void {
    const run = this.#run;
    if (run === undefined) return;
    switch (message.type) {
      case 'ready':
        run.ready.resolve(message.l1MarkerVerified);
        return;
      case 'call':
        Promise.resolve()
          .then(() => run.onCall(message.method, message.args))
          .then(
            (value): ParentMessage => ({ type: 'result', id: message.id, ok: true, value }),
            (error: unknown): ParentMessage => ({
              type: 'result',
              id: message.id,
              ok: false,
              error: error instanceof Error ? error.message : String(error),
            }),
          )
          .then((reply) => this.#send(reply));
        return;
      case 'stale':
        run.onStale(message.report);
        return;
      case 'done':
        this.#run = undefined;
        run.done.resolve({ stats: message.stats, values: message.values });
        return;
      case 'fatal':
        this.#fail(
          new RaceHarnessError(
            `[pc:race-harness] worker ${this.#child.pid} failed:\n${message.message}`,
          ),
        );
        return;
    }
  }

  #send(message: ParentMessage): void {
    if (this.#child.connected) this.#child.send(message);
  }

  /**
   * Starts a run: the worker sets up its caches for `init` and reports ready.
   * @returns the run's `ready` (whether its L1 marker was verified) and `done`.
   */
  begin(
    init: WorkerInit,
    onCall: CallHandler,
    onStale: (report: StaleReadReport) => void,
  ): { ready: Promise<boolean | undefined>; done: Promise<WorkerOutcome> } {
    if (this.#run !== undefined) {
      throw new RaceHarnessError('[pc:race-harness] a worker serves one run at a time');
    }
    const run: WorkerRun = { onCall, onStale, ready: deferred(), done: deferred() };
    this.#run = run;
    if (!this.alive) {
      this.#fail(new RaceHarnessError('[pc:race-harness] the worker is gone'));
    } else {
      this.#send(init);
    }
    return { ready: run.ready.promise, done: run.done.promise };
  }

  start(): void {
    this.#send({ type: 'start' });
  }

  stop(): void {
    this.#send({ type: 'stop' });
  }

  /** Ends the process (after a failure, or when the harness closes). */
  kill(): void {
    if (!this.#exited) this.#child.kill('SIGKILL');
  }

  /** Resolves once the process has exited. */
  exited(): Promise<void> {
    if (this.#exited) return Promise.resolve();
    return new Promise((resolve) => this.#child.once('exit', () => resolve()));
  }
}

/** The worker processes of a harness run, forked once and reused run after run. */
export class WorkerPool {
  readonly #workerPath: string;
  readonly #workers: WorkerProcess[] = [];

  constructor(workerPath: string = WORKER_PATH) {
    this.#workerPath = workerPath;
  }

  /** `count` live workers, forking new ones for missing or dead ones. */
  take(count: number): WorkerProcess[] {
    for (let index = 0; index < count; index++) {
      if (this.#workers[index]?.alive !== true) {
        this.#workers[index]?.kill();
        this.#workers[index] = new WorkerProcess(this.#workerPath);
      }
    }
    return this.#workers.slice(0, count);
  }

  /** Kills every worker and waits for them to exit. */
  async close(): Promise<void> {
    for (const worker of this.#workers) worker.kill();
    await Promise.all(this.#workers.map((worker) => worker.exited()));
    this.#workers.length = 0;
  }
}

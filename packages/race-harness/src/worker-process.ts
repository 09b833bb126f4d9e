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

/** The parent's handle on one forked worker. */
export class WorkerProcess {
  readonly workerId: string;
  readonly #child: ChildProcess;
  readonly #ready: Promise<boolean | undefined>;
  readonly #done: Promise<WorkerOutcome>;

  constructor(init: WorkerInit, onCall: CallHandler, onStale: (report: StaleReadReport) => void) {
    if (!existsSync(WORKER_PATH)) {
      throw new RaceHarnessError(
        `[pc:race-harness] ${WORKER_PATH} is missing: build the harness first (npx -y pnpm@10.34.9 --filter @pc/race-harness build)`,
      );
    }
    this.workerId = init.workerId;
    // No execArgv: the parent may run under vitest or tsx, the worker is plain JS.
    this.#child = fork(WORKER_PATH, [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = this.#child;
    let readyResolve!: (verified: boolean | undefined) => void;
    let readyReject!: (error: Error) => void;
    let doneResolve!: (outcome: WorkerOutcome) => void;
    let doneReject!: (error: Error) => void;
    const ready = new Promise<boolean | undefined>((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    const done = new Promise<WorkerOutcome>((resolve, reject) => {
      doneResolve = resolve;
      doneReject = reject;
    });
    const failed = (error: Error) => {
      readyReject(error);
      doneReject(error);
    };
    // Either may go unobserved when the other one fails first.
    ready.catch(() => {});
    done.catch(() => {});
    this.#ready = ready;
    this.#done = done;
    let finished = false;
    child.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          readyResolve(message.l1MarkerVerified);
          return;
        case 'call': {
          let reply: ParentMessage;
          Promise.resolve()
            .then(() => onCall(message.method, message.args))
            .then(
              (value) => {
                reply = { type: 'result', id: message.id, ok: true, value };
              },
              (error: unknown) => {
                reply = {
                  type: 'result',
                  id: message.id,
                  ok: false,
                  error: error instanceof Error ? error.message : String(error),
                };
              },
            )
            .then(() => this.#send(reply));
          return;
        }
        case 'stale':
          onStale(message.report);
          return;
        case 'done':
          finished = true;
          doneResolve({ stats: message.stats, values: message.values });
          return;
        case 'fatal':
          finished = true;
          failed(
            new RaceHarnessError(`[pc:race-harness] worker ${this.workerId} failed:\n${message.message}`),
          );
          return;
      }
    });
    child.once('error', (error) =>
      failed(new RaceHarnessError(`[pc:race-harness] worker ${this.workerId}: ${error.message}`, { cause: error })),
    );
    child.once('exit', (code, signal) => {
      if (!finished) {
        failed(
          new RaceHarnessError(
            `[pc:race-harness] worker ${this.workerId} exited (${code ?? signal}) before it reported`,
          ),
        );
      }
    });
    this.#send(init);
  }

  #send(message: ParentMessage): void {
    if (this.#child.connected) this.#child.send(message);
  }

  /** Resolves once the worker is set up: whether its L1 hit marker was verified. */
  ready(): Promise<boolean | undefined> {
    return this.#ready;
  }

  start(): void {
    this.#send({ type: 'start' });
  }

  stop(): void {
    this.#send({ type: 'stop' });
  }

  /** The worker's report after `stop` (or, for single-flight workers, after its calls). */
  done(): Promise<WorkerOutcome> {
    return this.#done;
  }

  /** Ends the process if it is still there (after a failure or a timeout). */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  /** Resolves once the process has exited. */
  exited(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.#child.once('exit', () => resolve()));
  }
}

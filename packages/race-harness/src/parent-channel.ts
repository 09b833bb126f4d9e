import type {
  ParentMessage,
  ParentMethodName,
  ParentMethods,
  WorkerInit,
  WorkerMessage,
} from './ipc-messages.js';
import { RaceHarnessError } from './race-harness-error.js';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** A worker's side of the IPC channel: calls to the parent, and its commands. */
export class ParentChannel {
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #commands = new Map<string, Array<() => void>>();
  readonly #received = new Set<string>();
  readonly #inits: WorkerInit[] = [];
  #initWaiter: ((init: WorkerInit) => void) | undefined;

  constructor() {
    if (process.send === undefined) {
      throw new RaceHarnessError(
        '[pc:race-harness] the worker must be started by the harness (child_process.fork with an IPC channel)',
      );
    }
    process.on('message', (message: ParentMessage) => {
      switch (message.type) {
        case 'init': {
          // A new run: commands of the previous one no longer count.
          this.#received.clear();
          this.#commands.clear();
          const waiter = this.#initWaiter;
          this.#initWaiter = undefined;
          if (waiter !== undefined) waiter(message);
          else this.#inits.push(message);
          return;
        }
        case 'result': {
          const pending = this.#pending.get(message.id);
          if (pending === undefined) return;
          this.#pending.delete(message.id);
          if (message.ok) pending.resolve(message.value);
          else pending.reject(new RaceHarnessError(`[pc:race-harness] parent: ${message.error}`));
          return;
        }
        default:
          this.#received.add(message.type);
          for (const listener of this.#commands.get(message.type) ?? []) listener();
          this.#commands.delete(message.type);
      }
    });
    // The parent went away: nothing left to report to.
    process.on('disconnect', () => process.exit(0));
  }

  /** The next run's `init` (the worker serves one run after another). */
  nextInit(): Promise<WorkerInit> {
    const queued = this.#inits.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.#initWaiter = resolve;
    });
  }

  /** Resolves once the parent sent the `start` / `stop` command (at once if it already did). */
  command(type: 'start' | 'stop'): Promise<void> {
    if (this.#received.has(type)) return Promise.resolve();
    return new Promise((resolve) => {
      const listeners = this.#commands.get(type) ?? [];
      listeners.push(resolve);
      this.#commands.set(type, listeners);
    });
  }

  call<Method extends ParentMethodName>(
    method: Method,
    ...args: Parameters<ParentMethods[Method]>
  ): Promise<ReturnType<ParentMethods[Method]>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ type: 'call', id, method, args });
    });
  }

  send(message: WorkerMessage): void {
    process.send!(message);
  }

  /** Sends a last message and resolves once it is written to the channel. */
  flush(message: WorkerMessage): Promise<void> {
    return new Promise((resolve) => {
      process.send!(message, undefined, {}, () => resolve());
    });
  }
}

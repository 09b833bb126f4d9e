import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BurstChildConfig, BurstReply, BurstRequest } from './burst-protocol.js';

/** Processes forked for the cross-process workload, each reading the same keys. */
export interface BurstChildren {
  /**
   * Sends one burst on `key` to every child at once and resolves when all of them
   * are done, with the loader calls they made in total.
   */
  burst(key: string): Promise<{ loads: number }>;
  /** Asks every child to close its clients and exit; kills those that do not within 5 s. */
  close(): Promise<void>;
}

/** How long a child may take to start (connect) or to stop before it is killed. */
const CHILD_DEADLINE_MILLISECONDS = 15_000;

/** `dist/burst-child.js`, next to the bundle that forks it. */
function childScript(): string {
  const path = fileURLToPath(new URL('./burst-child.js', import.meta.url));
  if (!existsSync(path)) {
    throw new Error(`[pc:bench] ${path} is missing: build the bench (it runs from bench/dist/)`);
  }
  return path;
}

interface Pending {
  remaining: number;
  loads: number;
  resolve(result: { loads: number }): void;
  reject(error: Error): void;
}

/** Forks `count` burst children with `config` and waits until every one is connected. */
export async function forkBurstChildren(
  count: number,
  config: BurstChildConfig,
): Promise<BurstChildren> {
  const script = childScript();
  const children: ChildProcess[] = [];
  const pending = new Map<number, Pending>();
  let failure: Error | undefined;
  let closing = false;
  let nextId = 0;

  const fail = (error: Error) => {
    failure ??= error;
    for (const burst of pending.values()) burst.reject(error);
    pending.clear();
  };

  const started = Array.from({ length: count }, (_, index) => {
    // No inherited execArgv: a profiled or inspected parent must not profile its children.
    const child = fork(script, [JSON.stringify(config)], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `burst child ${index} did not start within ${CHILD_DEADLINE_MILLISECONDS} ms`,
            ),
          ),
        CHILD_DEADLINE_MILLISECONDS,
      );
      child.on('message', (reply: BurstReply) => {
        if (reply.type === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (reply.type === 'failed') {
          clearTimeout(timer);
          const error = new Error(`burst child ${index}: ${reply.message}`);
          reject(error);
          fail(error);
        } else {
          const burst = pending.get(reply.id);
          if (burst === undefined) return;
          burst.loads += reply.loads;
          burst.remaining -= 1;
          if (burst.remaining === 0) {
            pending.delete(reply.id);
            burst.resolve({ loads: burst.loads });
          }
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const error = new Error(`burst child ${index} exited (code ${code}, signal ${signal})`);
        reject(error);
        if (!closing) fail(error);
      });
    });
  });

  const close = async () => {
    closing = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              resolve();
              return;
            }
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.send({ type: 'close' } satisfies BurstRequest);
            else child.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    await Promise.all(started);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    burst(key) {
      if (failure !== undefined) return Promise.reject(failure);
      nextId += 1;
      const id = nextId;
      const done = new Promise<{ loads: number }>((resolve, reject) => {
        pending.set(id, { remaining: children.length, loads: 0, resolve, reject });
      });
      for (const child of children) child.send({ type: 'burst', id, key } satisfies BurstRequest);
      return done;
    },
    close,
  };
}

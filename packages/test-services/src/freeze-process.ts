import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long `freezeProcess` waits for the kernel to report the process stopped. */
const FREEZE_WAIT_MILLISECONDS = 5_000;

/**
 * Stops a server process with SIGSTOP and resolves once the kernel reports it
 * stopped. `kill()` returns before the signal takes effect: on a busy machine a
 * server can still answer a request sent right after it, which makes "a server that
 * stops answering" tests flaky unless they wait for the stop.
 */
export async function freezeProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  const deadline = Date.now() + FREEZE_WAIT_MILLISECONDS;
  while (Date.now() < deadline) {
    if ((await processState(pid)) === 'T') return;
    await sleep(2);
  }
  throw new Error(
    `[pc:test-services] process ${pid} did not stop within ${FREEZE_WAIT_MILLISECONDS} ms`,
  );
}

/** Resumes a process stopped by `freezeProcess`. */
export function thawProcess(pid: number): void {
  process.kill(pid, 'SIGCONT');
}

/** The state letter from /proc/<pid>/stat (`T` = stopped), or `undefined`. */
async function processState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // The command name is in parentheses and may hold spaces; the state follows it.
  return stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

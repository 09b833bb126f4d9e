import type { WorkloadProgress } from '../workload/run-workload.js';

/** Shows a running workload: one updating line on a terminal, a few plain lines otherwise (CI logs). */
export interface ProgressDisplay {
  update(progress: WorkloadProgress): void;
  finish(summary: string): void;
}

/** A place to write lines to, and whether it is a terminal. */
export interface DemoOutput {
  write(text: string): void;
  readonly isTTY: boolean;
}

const REDRAW_MILLISECONDS = 100;
const PLAIN_STEPS = 4;
const BAR_WIDTH = 24;

/**
 * `transient`: shown on a terminal only, and erased by `finish` (the warm-up);
 * otherwise `finish` prints `summary`.
 */
export function createProgressDisplay(
  output: DemoOutput,
  label: string,
  transient = false,
): ProgressDisplay {
  const started = performance.now();
  let lastDraw = 0;
  let nextStep = 1;
  const line = (progress: WorkloadProgress) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(progress.requests / seconds) : 0;
    return `${label}  ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} operations, ${progress.requests.toLocaleString('en-US')} requests, ${rate.toLocaleString('en-US')} req/s, stale reads ${progress.staleReads}`;
  };
  return {
    update(progress) {
      if (output.isTTY) {
        const now = performance.now();
        if (now - lastDraw < REDRAW_MILLISECONDS && progress.done < progress.total) return;
        lastDraw = now;
        const filled = Math.round((progress.done / progress.total) * BAR_WIDTH);
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
        output.write(`\r\x1b[K${bar} ${line(progress)}`);
        return;
      }
      if (transient) return;
      if (progress.done * PLAIN_STEPS >= nextStep * progress.total) {
        while (progress.done * PLAIN_STEPS >= nextStep * progress.total) nextStep += 1;
        output.write(`${line(progress)}\n`);
      }
    },
    finish(summary) {
      if (transient) {
        if (output.isTTY) output.write('\r\x1b[K');
        return;
      }
      output.write(output.isTTY ? `\r\x1b[K${label}  ${summary}\n` : `${label}  ${summary}\n`);
    },
  };
}

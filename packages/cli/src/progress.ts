import { Presets, SingleBar } from 'cli-progress';

/** Progress of a long scan, drawn on stderr (never stdout). */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr when it is a terminal and `enabled` (`--no-progress`
 * turns it off); with a `total`, a bar with an ETA, else a running count. Shown
 * only once the work is at least `minimumTotal` items.
 */
export function createProgress(
  enabled: boolean,
  label: string,
  unit: string,
  minimumTotal = 0,
): Progress {
  if (!enabled || !process.stderr.isTTY) return SILENT;
  let bar: SingleBar | undefined;
  let counted = false;
  return {
    update(done, total) {
      if (bar === undefined) {
        if (total !== undefined && total < minimumTotal) return;
        counted = total === undefined;
        bar = new SingleBar(
          {
            stream: process.stderr,
            format: counted
              ? `${label} {value} ${unit}`
              : `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 50,
          },
          Presets.shades_classic,
        );
        bar.start(total ?? 0, done);
        return;
      }
      if (total !== undefined && !counted) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

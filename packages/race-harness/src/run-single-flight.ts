import { startRedis } from '@pc/test-services';
import type { ParentMethodName } from './ipc-messages.js';
import { RaceHarnessError } from './race-harness-error.js';
import { WORKER_PATH, WorkerPool } from './worker-process.js';

/** Options of {@link runSingleFlight}. */
export interface SingleFlightOptions {
  /**
   * Processes, each with its own Cache over one Redis (L1 on, Redis bus).
   * @default 4
   */
  readonly processes?: number;
  /**
   * Concurrent `getOrLoad` calls per process, all on one missing key.
   * @default 250
   */
  readonly callsPerProcess?: number;
  /**
   * How long the loader waits after counting itself, in ms.
   * @default 50
   */
  readonly loaderMilliseconds?: number;
  /**
   * The worker bundle to fork (see `RaceHarnessOptions.workerPath`).
   * @default the package's dist/worker.js
   */
  readonly workerPath?: string;
}

/** Defaults of {@link SingleFlightOptions}. */
export const SINGLE_FLIGHT_DEFAULTS = {
  processes: 4,
  callsPerProcess: 250,
  loaderMilliseconds: 50,
} as const;

/** What the single-flight run counted. */
export interface SingleFlightResult {
  /** Loader calls across every process (1 when single-flight holds across processes). */
  readonly loaderCalls: number;
  /** Distinct values the calls got, over every process. */
  readonly distinctValues: number;
  readonly calls: number;
}

/**
 * Cross-process single-flight: every process waits at a barrier (all caches
 * connected), then all start their concurrent calls on one missing key at once.
 */
export async function runSingleFlight(
  options: SingleFlightOptions = {},
): Promise<SingleFlightResult> {
  const processes = options.processes ?? SINGLE_FLIGHT_DEFAULTS.processes;
  const calls = options.callsPerProcess ?? SINGLE_FLIGHT_DEFAULTS.callsPerProcess;
  const loaderMilliseconds =
    options.loaderMilliseconds ?? SINGLE_FLIGHT_DEFAULTS.loaderMilliseconds;
  const redis = await startRedis();
  let loaderCalls = 0;
  const onCall = (method: ParentMethodName) => {
    if (method !== 'countLoad') {
      throw new RaceHarnessError(
        `[pc:race-harness] single-flight workers only count loads, not ${method}`,
      );
    }
    return ++loaderCalls;
  };
  const pool = new WorkerPool(options.workerPath ?? WORKER_PATH);
  try {
    const workers = pool.take(processes);
    const runs = workers.map((worker, index) =>
      worker.begin(
        {
          type: 'init',
          role: 'single-flight',
          workerId: `s${index}`,
          workerIndex: index,
          seed: 0,
          backend: { kind: 'redis', url: redis.url },
          namespace: 'single-flight',
          l1: true,
          bus: true,
          busChannel: 'pc:race:single-flight',
          burstTtlMilliseconds: 1_000,
          items: 1,
          groups: 1,
          readers: 0,
          writers: 0,
          loaderDelayMaxMilliseconds: 0,
          loaderHoldMaxMilliseconds: 0,
          slowLoaderProbability: 0,
          slowLoaderHoldMaxMilliseconds: 0,
          readerPauseMaxMilliseconds: 0,
          writerPauseMaxMilliseconds: 0,
          earlyReportMilliseconds: 0,
          singleFlight: { key: 'the-missing-key', calls, loaderMilliseconds },
        },
        onCall,
        () => {},
      ),
    );
    // The barrier: every process connected before any starts its calls.
    await Promise.all(runs.map((run) => run.ready));
    for (const worker of workers) worker.start();
    const outcomes = await Promise.all(runs.map((run) => run.done));
    const values = new Set(outcomes.flatMap((outcome) => outcome.values ?? []));
    return { loaderCalls, distinctValues: values.size, calls: processes * calls };
  } finally {
    await pool.close();
    await redis.stop();
  }
}

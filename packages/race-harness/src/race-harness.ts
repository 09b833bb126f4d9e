import { HarnessDatabase } from './harness-database.js';
import type { RaceConfigurationName } from './race-configurations.js';
import {
  RACE_HARNESS_DEFAULTS,
  type RaceHarnessOptions,
  resolveRaceHarnessOptions,
} from './race-harness-options.js';
import type { RaceConfigurationResult } from './race-result.js';
import { runRaceConfiguration } from './run-race-configuration.js';
import { WORKER_PATH, WorkerPool } from './worker-process.js';

/** Options of {@link RaceHarness.open}. */
export interface RaceHarnessOpenOptions {
  /**
   * The worker bundle to fork (see `RaceHarnessOptions.workerPath`).
   * @default the package's dist/worker.js
   */
  readonly workerPath?: string;
  /**
   * Workers to fork up front, while the database starts (a run forks what it
   * still misses).
   * @default RACE_HARNESS_DEFAULTS.workers + 1 (a filler)
   */
  readonly preforkWorkers?: number;
}

/**
 * The parent side of the harness, kept across configurations: the PGlite database
 * and the worker processes (forked once, reused run after run). Servers are
 * started and stopped per configuration.
 */
export class RaceHarness {
  readonly #database: HarnessDatabase;
  readonly #pool: WorkerPool;

  private constructor(database: HarnessDatabase, pool: WorkerPool) {
    this.#database = database;
    this.#pool = pool;
  }

  static async open(options: RaceHarnessOpenOptions = {}): Promise<RaceHarness> {
    const pool = new WorkerPool(options.workerPath ?? WORKER_PATH);
    try {
      pool.take(options.preforkWorkers ?? RACE_HARNESS_DEFAULTS.workers + 1);
      return new RaceHarness(await HarnessDatabase.open(), pool);
    } catch (error) {
      await pool.close();
      throw error;
    }
  }

  /**
   * Runs one configuration (see `runRaceConfiguration`). `options.workerPath` is
   * ignored here: the workers were forked by `open`.
   */
  run(
    name: RaceConfigurationName,
    options: RaceHarnessOptions = {},
  ): Promise<RaceConfigurationResult> {
    return runRaceConfiguration(
      this.#database,
      this.#pool,
      name,
      resolveRaceHarnessOptions(options),
    );
  }

  async close(): Promise<void> {
    await this.#pool.close();
    await this.#database.close();
  }
}

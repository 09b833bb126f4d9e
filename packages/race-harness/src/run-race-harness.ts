import { HarnessDatabase } from './harness-database.js';
import {
  type RaceHarnessOptions,
  resolveRaceHarnessOptions,
} from './race-harness-options.js';
import { formatRaceConfiguration } from './format-race-report.js';
import type { RaceConfigurationResult, RaceHarnessResult } from './race-result.js';
import { runRaceConfiguration } from './run-race-configuration.js';

/**
 * Runs the race harness: one PGlite database in this process, then every
 * configuration in turn (servers started and stopped per configuration).
 * @throws InvalidOptionsError for invalid options; RaceHarnessError when the
 *   harness itself fails (a server or worker), which is not a verdict on the cache.
 */
export async function runRaceHarness(options: RaceHarnessOptions = {}): Promise<RaceHarnessResult> {
  const resolved = resolveRaceHarnessOptions(options);
  resolved.onProgress?.(`seed ${resolved.seed}`);
  const database = await HarnessDatabase.open();
  const results: RaceConfigurationResult[] = [];
  try {
    for (const name of resolved.configurations) {
      const result = await runRaceConfiguration(database, name, resolved);
      results.push(result);
      resolved.onProgress?.(formatRaceConfiguration(result));
    }
  } finally {
    await database.close();
  }
  return {
    seed: resolved.seed,
    results,
    passed: results.every((result) => result.violations.length === 0),
  };
}

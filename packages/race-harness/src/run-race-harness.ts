import { formatRaceConfiguration } from './format-race-report.js';
import { RaceHarness } from './race-harness.js';
import { type RaceHarnessOptions, resolveRaceHarnessOptions } from './race-harness-options.js';
import type { RaceConfigurationResult, RaceHarnessResult } from './race-result.js';

/**
 * Runs the race harness: one PGlite database and one set of worker processes, then
 * every configuration in turn (servers started and stopped per configuration).
 * @throws InvalidOptionsError for invalid options; RaceHarnessError when the
 *   harness itself fails (a server or worker), which is not a verdict on the cache.
 */
export async function runRaceHarness(options: RaceHarnessOptions = {}): Promise<RaceHarnessResult> {
  const resolved = resolveRaceHarnessOptions(options);
  resolved.onProgress?.(`seed ${resolved.seed}`);
  const harness = await RaceHarness.open({
    ...(resolved.workerPath === undefined ? {} : { workerPath: resolved.workerPath }),
    preforkWorkers: resolved.workers + 1,
  });
  const results: RaceConfigurationResult[] = [];
  try {
    for (const name of resolved.configurations) {
      const result = await harness.run(name, { ...options, seed: resolved.seed });
      results.push(result);
      resolved.onProgress?.(formatRaceConfiguration(result));
    }
  } finally {
    await harness.close();
  }
  return {
    seed: resolved.seed,
    results,
    passed: results.every((result) => result.violations.length === 0),
  };
}

#!/usr/bin/env node
// node packages/race-harness/dist/cli.js --seconds 60 --config all --seed 42
import { parseArgs } from 'node:util';
import { formatRaceSummary } from './format-race-report.js';
import { isRaceConfigurationName, RACE_CONFIGURATION_NAMES } from './race-configurations.js';
import { RACE_HARNESS_DEFAULTS } from './race-harness-options.js';
import { runRaceHarness } from './run-race-harness.js';
import { runSingleFlight } from './run-single-flight.js';

const USAGE = `usage: pc-race-harness [--config all|<name>[,<name>...]] [--seconds N] [--seed N]
                       [--workers N] [--json] [--single-flight]

  --config         ${RACE_CONFIGURATION_NAMES.join(', ')} or all (default all; env PC_RACE_CONFIG)
  --seconds        how long each configuration races (default ${RACE_HARNESS_DEFAULTS.durationMilliseconds / 1000}; env PC_RACE_SECONDS)
  --seed           unsigned 32-bit seed; the same seed replays the same operations (env PC_RACE_SEED)
  --workers        worker processes per configuration (default ${RACE_HARNESS_DEFAULTS.workers})
  --worker         path of another worker bundle to fork (env PC_RACE_WORKER), e.g. one
                   built against an older @pc/core, to compare cores on the same schedule
  --json           print the result object as JSON instead of text
  --single-flight  run the cross-process single-flight count instead
  --self-check     writers report before they invalidate: passes only if stale reads are found

Exit code: 0 when every configuration passed, 1 when one found stale reads or broke, 2 on bad arguments.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    fail(`--${name} must be a non-negative number, got ${text}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      worker: { type: 'string' },
      json: { type: 'boolean', default: false },
      'single-flight': { type: 'boolean', default: false },
      'self-check': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const workerPath = values.worker ?? process.env.PC_RACE_WORKER;
  if (values['single-flight']) {
    const result = await runSingleFlight(workerPath === undefined ? {} : { workerPath });
    console.log(
      values.json
        ? JSON.stringify(result, null, 2)
        : `${result.calls} calls in 4 processes: ${result.loaderCalls} loader calls (expected 1), ${result.distinctValues} distinct values`,
    );
    process.exitCode = result.loaderCalls === 1 ? 0 : 1;
    return;
  }
  const config = values.config ?? process.env.PC_RACE_CONFIG ?? 'all';
  const names = config === 'all' ? [...RACE_CONFIGURATION_NAMES] : config.split(',');
  for (const name of names) {
    if (!isRaceConfigurationName(name)) fail(`unknown configuration ${JSON.stringify(name)}`);
  }
  const seconds = integer(values.seconds ?? process.env.PC_RACE_SECONDS, 'seconds');
  const seed = integer(values.seed ?? process.env.PC_RACE_SEED, 'seed');
  const workers = integer(values.workers, 'workers');
  const result = await runRaceHarness({
    configurations: names.filter(isRaceConfigurationName),
    ...(seconds === undefined ? {} : { durationMilliseconds: Math.round(seconds * 1000) }),
    ...(seed === undefined ? {} : { seed }),
    ...(workers === undefined ? {} : { workers }),
    ...(workerPath === undefined ? {} : { workerPath }),
    selfCheck: values['self-check'],
    onProgress: values.json ? undefined : (line) => console.log(line),
  });
  // Text mode printed each configuration as it finished (progress); end with the verdict.
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatRaceSummary(result));
  process.exitCode = result.passed ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

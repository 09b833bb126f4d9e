import { RACE_CONFIGURATIONS } from './race-configurations.js';
import type { RaceConfigurationResult, RaceHarnessResult } from './race-result.js';

const milliseconds = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));

/** One configuration as a few lines of text. */
export function formatRaceConfiguration(result: RaceConfigurationResult): string {
  const { stale } = result;
  const lines = [
    `${result.name} (${result.description})${result.selfCheck ? ' [self-check]' : ''}, seed ${result.seed}, schedule ${result.scheduleFingerprint}`,
    `  ran ${(result.durationMilliseconds / 1000).toFixed(1)} s with ${result.workers} workers: ` +
      `${result.reads} reads (${result.readCalls} calls), ${result.writes} writes, ${result.loads} loads, ` +
      `${result.l1Hits} L1 hits, ${result.l2Hits} L2 hits, ${result.joins} joins, ${result.fillerWrites} filler writes, ` +
      `parent ${(result.parentUtilization * 100).toFixed(0)}% busy`,
    `  stale reads: l1 ${stale.l1}, l2 ${stale.l2}, load ${stale.load}, join ${stale.join}, grace ${stale.grace}`,
  ];
  // Configurations with grace only: elsewhere these counts are 0 by construction.
  if (RACE_CONFIGURATIONS[result.name].resilience !== undefined) {
    const { grace } = result;
    lines.push(
      `  grace: ${grace.reads} reads served from grace, ${grace.errorReads} of them for a failed load ` +
        `(grace events: error ${grace.error}, soft-timeout ${grace.softTimeout}, backoff ${grace.backoff}), ` +
        `${result.earlyRefreshes} early refreshes, ${result.failedLoads} failed loads`,
    );
  }
  lines.push(
    `  L1 staleness ms: p50 ${milliseconds(result.l1Staleness.p50)}, p99 ${milliseconds(result.l1Staleness.p99)}, max ${milliseconds(result.l1Staleness.max)}`,
    `  backend errors ${result.backendErrors}, failed writes ${result.failedWrites}, read errors ${result.readErrors}, ` +
      `bus errors ${result.busErrors}, bus gaps ${result.busGaps}, evicted keys ${result.evictedKeys}, restarts ${result.restarts}`,
  );
  for (const sample of result.staleSamples.slice(0, 3)) {
    lines.push(
      `  e.g. ${sample.source}: ${sample.method}${sample.namespace ? ' (ns)' : ''} of ${sample.key} by ${sample.workerId} ` +
        `got version ${sample.version} < floor ${sample.floor} (from ${sample.producer.worker} load ${sample.producer.load}, ` +
        `${milliseconds(sample.stalenessMilliseconds)} ms after the invalidation)`,
    );
  }
  for (const sample of result.errorSamples.slice(0, 2)) lines.push(`  error: ${sample}`);
  lines.push(
    result.violations.length === 0
      ? '  verdict: ok'
      : `  verdict: FAILED: ${result.violations.join('; ')}`,
  );
  return lines.join('\n');
}

/** The whole run: seed, one block per configuration, the overall verdict. */
export function formatRaceReport(result: RaceHarnessResult): string {
  return [
    `seed ${result.seed} (replay with --seed ${result.seed})`,
    ...result.results.map(formatRaceConfiguration),
    result.passed ? 'all configurations passed' : 'FAILED: stale reads or a broken run (see above)',
  ].join('\n\n');
}

/** One line per configuration and the overall verdict, with the seed to replay. */
export function formatRaceSummary(result: RaceHarnessResult): string {
  const rows = result.results.map(
    (entry) =>
      `${entry.name.padEnd(20)} reads ${String(entry.reads).padStart(7)}  writes ${String(entry.writes).padStart(6)}  ` +
      `stale l1 ${entry.stale.l1} l2 ${entry.stale.l2} load ${entry.stale.load} join ${entry.stale.join} grace ${entry.stale.grace}  ` +
      `L1 max ${milliseconds(entry.l1Staleness.max)} ms  ${entry.violations.length === 0 ? 'ok' : 'FAILED'}`,
  );
  return [
    '',
    `summary, seed ${result.seed}:`,
    ...rows,
    result.passed
      ? 'all configurations passed'
      : `FAILED (replay: --seed ${result.seed} --config ${result.results
          .filter((entry) => entry.violations.length > 0)
          .map((entry) => entry.name)
          .join(',')})`,
  ].join('\n');
}

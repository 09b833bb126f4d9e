import type { RaceConfiguration } from './race-configurations.js';
import { RACE_VERDICT_L1_SLACK_MILLISECONDS } from './race-harness-options.js';
import type { RaceConfigurationResult } from './race-result.js';

type Measured = Omit<RaceConfigurationResult, 'violations' | 'selfCheck'>;

/**
 * The harness' verdict on one configuration (the same checks as test/race.test.ts):
 * no stale value from L2, a join, a load or grace anywhere; none at all without
 * L1; L1 staleness within the burst TTL plus slack; and a run that really
 * exercised what it claims (reads, writes, evictions, restarts, a verified L1
 * classifier, grace values served, early refreshes, failed loads). In a
 * self-check run the stale reads are expected instead.
 *
 * Stale means older than an invalidation, never older than a TTL: a value is
 * stale when a newer version's invalidation was reported resolved before the
 * read began (or, for a grace value, before the moment it was read from L2;
 * see `RaceWorker`). A grace value past its TTL that no invalidation ended is
 * therefore not stale, however old it is: serving it is what grace is for. So
 * grace needs no exception here; what it must never serve (a value a key or tag
 * invalidation ended) is counted like any other stale read.
 */
export function raceViolations(
  configuration: RaceConfiguration,
  result: Measured,
  burstTtlMilliseconds: number,
  selfCheck = false,
): string[] {
  const violations: string[] = [];
  const { stale } = result;
  if (selfCheck) {
    if (stale.l1 + stale.l2 + stale.join + stale.load + stale.grace === 0) {
      violations.push(
        'self-check: writers reported their versions before invalidating, yet no stale read was found: the harness cannot detect stale reads',
      );
    }
  } else {
    if (stale.l2 > 0) violations.push(`${stale.l2} stale reads from L2`);
    if (stale.join > 0) violations.push(`${stale.join} stale reads from joined loads`);
    if (stale.load > 0) violations.push(`${stale.load} stale reads from the call's own load`);
    if (stale.grace > 0) violations.push(`${stale.grace} stale reads served from grace`);
    if (!configuration.l1 && stale.l1 > 0) {
      violations.push(`${stale.l1} stale L1 reads with L1 off`);
    }
    const bound = burstTtlMilliseconds + RACE_VERDICT_L1_SLACK_MILLISECONDS;
    const max = result.l1Staleness.max;
    if (max !== undefined && max > bound) {
      violations.push(
        `L1 served a value ${max.toFixed(1)} ms after its invalidation (bound ${bound} ms)`,
      );
    }
  }
  if (result.missingValues > 0) {
    violations.push(`${result.missingValues} reads returned no or a wrong value`);
  }
  if (result.reads === 0 || result.writes === 0) {
    violations.push(
      `the run did not exercise the cache (${result.reads} reads, ${result.writes} writes)`,
    );
  }
  if (configuration.l1 && (result.l1MarkerVerified !== true || result.asynchronousL1Hits > 0)) {
    violations.push(
      'L1 hits were not all reported inside the synchronous part of their call: the l1 classification is unreliable',
    );
  }
  if (configuration.filler !== undefined && result.evictedKeys === 0) {
    violations.push('the backend evicted nothing: the eviction scenario did not happen');
  }
  const resilience = configuration.resilience;
  // A grace configuration that served no grace value, refreshed nothing early or
  // failed no load proves nothing about them.
  if (resilience?.graceMilliseconds && result.grace.reads === 0) {
    violations.push('no read was served from grace: the grace scenario did not happen');
  }
  if (resilience?.earlyRefresh && result.earlyRefreshes === 0) {
    violations.push('no early refresh happened');
  }
  // Reads served for a failed load: a failed early refresh reports `error` grace
  // too, served to nobody.
  if (configuration.failingLoaderProbability > 0 && result.grace.errorReads === 0) {
    violations.push(`no grace value answered a failed load (${result.failedLoads} loads failed)`);
  }
  if (result.restarts < configuration.restarts) {
    violations.push(`${result.restarts} of ${configuration.restarts} restarts happened`);
  }
  return violations;
}

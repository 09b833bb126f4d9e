import { describe, expect, it } from 'vitest';
import { RACE_CONFIGURATIONS, type RaceConfigurationResult, raceViolations } from '../src/index.js';

type Measured = Omit<RaceConfigurationResult, 'violations' | 'selfCheck'>;

/** A run of `name` that exercised everything and found nothing stale. */
function passing(name: keyof typeof RACE_CONFIGURATIONS): Measured {
  return {
    name,
    description: RACE_CONFIGURATIONS[name].description,
    seed: 1,
    scheduleFingerprint: '0',
    durationMilliseconds: 1_000,
    workers: 4,
    readCalls: 10,
    reads: 20,
    writes: 5,
    failedWrites: 0,
    loads: 8,
    readErrors: 0,
    missingValues: 0,
    stale: { l1: 0, l2: 0, load: 0, join: 0, grace: 0 },
    l1Staleness: { count: 0, p50: undefined, p99: undefined, max: undefined },
    backendErrors: 0,
    busErrors: 0,
    busGaps: 0,
    l1Hits: 3,
    l2Hits: 3,
    joins: 1,
    grace: { error: 2, softTimeout: 2, backoff: 0, reads: 3, errorReads: 1 },
    earlyRefreshes: 2,
    failedLoads: 2,
    asynchronousL1Hits: 0,
    l1MarkerVerified: true,
    evictedKeys: 0,
    restarts: 0,
    fillerWrites: 0,
    databaseStatements: 20,
    parentUtilization: 0.5,
    staleSamples: [],
    errorSamples: [],
  };
}

describe('race verdict with grace', () => {
  it('passes a grace run that served grace values, refreshed early and failed loads', () => {
    for (const name of ['redis-grace', 'redis-grace-failing'] as const) {
      expect(raceViolations(RACE_CONFIGURATIONS[name], passing(name), 1_000)).toEqual([]);
    }
  });

  it('counts a stale grace value as a violation', () => {
    const run = passing('redis-grace');
    const violations = raceViolations(
      RACE_CONFIGURATIONS['redis-grace'],
      { ...run, stale: { ...run.stale, grace: 1 } },
      1_000,
    );
    expect(violations).toEqual(['1 stale reads served from grace']);
  });

  it('fails a grace run that proves nothing: no grace value served, no early refresh, no failed load answered', () => {
    const run = passing('redis-grace-failing');
    const violations = raceViolations(
      RACE_CONFIGURATIONS['redis-grace-failing'],
      {
        ...run,
        // A failed early refresh reports `error` grace served to nobody: not enough.
        grace: { error: 1, softTimeout: 0, backoff: 0, reads: 0, errorReads: 0 },
        earlyRefreshes: 0,
      },
      1_000,
    );
    expect(violations).toEqual([
      'no read was served from grace: the grace scenario did not happen',
      'no early refresh happened',
      'no grace value answered a failed load (2 loads failed)',
    ]);
  });

  it('asks nothing about grace of a configuration without it', () => {
    const run = passing('redis-l1-bus');
    const idle = {
      ...run,
      grace: { error: 0, softTimeout: 0, backoff: 0, reads: 0, errorReads: 0 },
    };
    expect(
      raceViolations(RACE_CONFIGURATIONS['redis-l1-bus'], { ...idle, earlyRefreshes: 0 }, 1_000),
    ).toEqual([]);
  });
});

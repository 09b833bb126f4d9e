import { describe, expect, it } from 'vitest';
import type { DemoRun } from '../src/demo/format-report.js';
import { formatReport } from '../src/demo/format-report.js';
import { createProgressDisplay } from '../src/demo/progress-display.js';
import { demoVerdict } from '../src/demo/run-demo.js';
import type { WorkloadResult } from '../src/workload/run-workload.js';

const workload = (overrides: Partial<WorkloadResult> = {}): WorkloadResult => ({
  operations: 100,
  requests: 120,
  writes: 4,
  readLatencies: [1, 2, 3, 4, 100],
  readStarts: [0, 10, 20, 30, 40],
  writeLatencies: [5],
  checks: 8,
  changedByWrite: 7,
  staleReads: 0,
  staleExamples: [],
  wallMilliseconds: 1000,
  population: { activeUsers: 250, users: 5000, activeAccounts: 100, accounts: 2000 },
  ...overrides,
});
const uncached: DemoRun = {
  description: 'database only',
  workload: workload(),
  databaseQueries: 120,
};
const cached: DemoRun = {
  description: 'burst + filesystem',
  workload: workload(),
  databaseQueries: 30,
  cache: {
    l1: { hits: 60, misses: 40 },
    l2: { hits: 30, misses: 10 },
    loads: 10,
    invalidations: 4,
  },
};

describe('the demo report', () => {
  it('shows requests, queries saved, latency percentiles, hit ratio per layer and stale reads', () => {
    const text = formatReport(uncached, cached).join('\n');
    expect(text).toMatch(/requests\s+120\s+120/);
    expect(text).toMatch(/database queries\s+120\s+30/);
    expect(text).toContain('database queries saved   90 of 120 (75.0%)');
    expect(text).toMatch(/read latency p50\s+3\.00 ms\s+3\.00 ms/);
    expect(text).toMatch(/read latency p99\s+100\.00 ms/);
    expect(text).toContain('hit ratio, burst (L1)    60.0% of 100 lookups');
    expect(text).toContain('hit ratio, shared (L2)   75.0% of 40 L1 misses');
    expect(text).toContain('stale reads after writes 0 of 8 reads checked');
    expect(text).toContain('active     250 of 5,000 users, 100 of 2,000 accounts');
  });

  it('shows the CPU time per request of the service and of the database when both runs have it', () => {
    const text = formatReport(
      { ...uncached, cpu: { serviceMilliseconds: 60, databaseMilliseconds: 240 } },
      { ...cached, cpu: { serviceMilliseconds: 48, databaseMilliseconds: 36 } },
    ).join('\n');
    expect(text).toMatch(/CPU\/request, service\s+0\.50 ms\s+0\.40 ms/);
    expect(text).toMatch(/CPU\/request, database\s+2\.00 ms\s+0\.30 ms/);
    expect(formatReport(uncached, cached).join('\n')).not.toContain('CPU/request');
  });

  it('fails the demo on any stale read, and names it', () => {
    expect(demoVerdict({ uncached, cached }).code).toBe(0);
    const stale: DemoRun = {
      ...cached,
      workload: workload({
        staleReads: 1,
        staleExamples: ['/users/1/groups: served A, database has B'],
      }),
    };
    expect(demoVerdict({ uncached, cached: stale })).toEqual({
      line: 'result: FAILED, 1 stale reads after writes',
      code: 1,
    });
    expect(formatReport(uncached, stale).join('\n')).toContain(
      'stale: /users/1/groups: served A, database has B',
    );
  });
});

describe('the progress display', () => {
  const progress = (done: number) => ({ done, total: 100, requests: done, staleReads: 0 });

  it('prints a few plain lines when the output is not a terminal (CI logs)', () => {
    const lines: string[] = [];
    const display = createProgressDisplay(
      { write: (text) => lines.push(text), isTTY: false },
      'run',
    );
    for (let done = 1; done <= 100; done += 1) display.update(progress(done));
    display.finish('done');
    expect(lines).toHaveLength(5);
    expect(lines.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(lines.at(-1)).toBe('run  done\n');
  });

  it('redraws one line on a terminal, and a transient display leaves nothing behind', () => {
    const writes: string[] = [];
    const display = createProgressDisplay(
      { write: (text) => writes.push(text), isTTY: true },
      'run',
      true,
    );
    display.update(progress(100));
    display.finish('ignored');
    expect(writes[0]).toMatch(/^\r\x1b\[K\[#+\] run {2}100\/100 operations/);
    expect(writes.at(-1)).toBe('\r\x1b[K');
    expect(writes.join('')).not.toContain('\n');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createBenchContext } from '../src/harness/bench-context.js';
import { BENCH_MODES } from '../src/harness/bench-mode.js';
import type { BenchReport } from '../src/harness/bench-results.js';
import { runWorkload } from '../src/harness/run-workload.js';
import { sampleValueBytes } from '../src/harness/sample-value.js';
import { renderMarkdown } from '../src/report/render-markdown.js';
import { renderRatioChart } from '../src/report/render-svg.js';
import { l2HitRedis } from '../src/workloads/l2-hit-redis.js';

// Not a benchmark: one iteration per variant, to prove the harness, the servers and
// every variant's setup/teardown work. No timing is asserted.
describe('bench harness (smoke)', () => {
  const context = createBenchContext(BENCH_MODES.smoke);
  afterAll(() => context.dispose());

  it('caches a value of about 1 kB', () => {
    expect(sampleValueBytes()).toBeGreaterThan(900);
    expect(sampleValueBytes()).toBeLessThan(1_200);
  });

  it('runs one iteration of every variant of the L2 Redis hit workload and renders the report', async () => {
    const result = await runWorkload(context, l2HitRedis);

    const baseline = result.variants.find((variant) => variant.kind === 'baseline');
    expect(baseline).toMatchObject({ status: 'ok', ratioToBaseline: 1 });
    expect(baseline?.opsPerSecond).toBeGreaterThan(0);
    // A pc piece that has not landed yet is pending; nothing may error.
    for (const variant of result.variants) {
      expect({ name: variant.name, status: variant.status, reason: variant.reason }).toMatchObject({
        status: expect.stringMatching(/^(ok|pending)$/),
      });
    }
    const peers = result.variants.filter((variant) => variant.kind === 'peer');
    expect(peers.map((peer) => peer.status)).toEqual(['ok', 'ok', 'ok']);
    expect(result.bestPeer).toBeDefined();

    const report: BenchReport = {
      startedAt: new Date(0).toISOString(),
      durationSeconds: 1,
      mode: 'smoke',
      command: 'test',
      revision: 'test',
      machine: {
        cpuModel: 'test cpu',
        cores: 2,
        memoryGibibytes: 1,
        platform: 'test',
        nodeVersion: process.version,
        loadAverageAtStart: 0,
      },
      libraries: { tinybench: '6.2.3' },
      valueBytes: sampleValueBytes(),
      workloads: [result],
    };
    const markdown = renderMarkdown(report, 'bench/results/ratios.svg');
    expect(markdown).toContain('### L2 hit, Redis (`l2-hit-redis`)');
    expect(markdown).toContain('| raw ioredis GET + JSON.parse | baseline |');
    const svg = renderRatioChart([result]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const peer of peers) expect(svg).toContain(peer.name);
  });
});

import { execSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { assertBinaries, INSTALL_COMMAND, MissingBinariesError } from '@pc/test-services';
import { createBenchContext } from './harness/bench-context.js';
import { BENCH_MODES } from './harness/bench-mode.js';
import { findBenchPaths, readLibraryVersions } from './harness/bench-paths.js';
import type { BenchReport, VariantResult, WorkloadResult } from './harness/bench-results.js';
import { formatMicroseconds, formatOps, formatRatio } from './harness/format.js';
import { readMachineInfo } from './harness/machine-info.js';
import { runWorkload } from './harness/run-workload.js';
import { sampleValueBytes } from './harness/sample-value.js';
import { readSourceRevision } from './harness/source-revision.js';
import { writeReport } from './report/write-report.js';
import { WORKLOADS } from './workloads/index.js';

const USAGE = `Usage: pnpm bench [--full] [--filter a,b] [--variants x,y] [--no-write]

  --full        longer runs (~3 s per variant instead of 0.3 s)
  --filter      only workloads whose id contains one of these (comma-separated)
  --variants    only variants whose name contains one of these (comma-separated)
  --no-write    print only; do not write BENCHMARKS.md and bench/results/
  --write       write results even for a filtered run
  --render      measure nothing: rewrite BENCHMARKS.md and the chart from bench/results/latest.json
`;

/** Versions reported in BENCHMARKS.md. */
const LIBRARIES = [
  'tinybench',
  'lru-cache',
  'ioredis',
  'memcached',
  'bentocache',
  'cache-manager',
  'keyv',
  '@keyv/redis',
  'async-cache-dedupe',
] as const;

function ensureServers(): void {
  try {
    assertBinaries(['redis-server', 'memcached']);
  } catch (error) {
    if (!(error instanceof MissingBinariesError) || process.getuid?.() !== 0) throw error;
    console.log(`[pc:bench] installing the servers: ${INSTALL_COMMAND}`);
    execSync(INSTALL_COMMAND, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    assertBinaries(['redis-server', 'memcached']);
  }
}

function printVariant(result: VariantResult): void {
  const name = `${result.kind.padEnd(8)} ${result.name}`.padEnd(56);
  if (result.status !== 'ok') {
    console.log(`  ${name} ${result.status}: ${result.reason}`);
    return;
  }
  const counters = Object.entries(result.counters ?? {})
    .map(([key, value]) => `${key}=${Number.isInteger(value) ? value : value.toFixed(2)}`)
    .join(' ');
  console.log(
    `  ${name} ${formatOps(result.opsPerSecond).padStart(8)} ops/s  p50 ${formatMicroseconds(result.p50Microseconds).padStart(9)}  p99 ${formatMicroseconds(result.p99Microseconds).padStart(9)}  ±${result.relativeMarginOfErrorPercent!.toFixed(1)}%  ${counters}`,
  );
}

function printRatios(workload: WorkloadResult): void {
  for (const variant of workload.variants) {
    if (variant.status !== 'ok' || variant.kind === 'baseline') continue;
    const toPeer =
      variant.ratioToBestPeer === undefined
        ? ''
        : `, ${formatRatio(variant.ratioToBestPeer)} best peer`;
    console.log(`    ${variant.name}: ${formatRatio(variant.ratioToBaseline)} raw${toPeer}`);
  }
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      full: { type: 'boolean', default: false },
      filter: { type: 'string' },
      variants: { type: 'string' },
      write: { type: 'boolean' },
      'no-write': { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.render) {
    const paths = findBenchPaths();
    const report = JSON.parse(
      await readFile(join(paths.resultsDirectory, 'latest.json'), 'utf8'),
    ) as BenchReport;
    for (const file of await writeReport(report, paths)) console.log(`[pc:bench] wrote ${file}`);
    return;
  }
  const mode = values.full ? BENCH_MODES.full : BENCH_MODES.quick;
  const workloadFilter = list(values.filter);
  const variantFilter = list(values.variants);
  const filtered = workloadFilter !== undefined || variantFilter !== undefined;
  const write = values['no-write'] ? false : (values.write ?? !filtered);
  const selected = WORKLOADS.filter(
    (workload) =>
      workloadFilter === undefined || workloadFilter.some((part) => workload.id.includes(part)),
  );
  ensureServers();
  const paths = findBenchPaths();
  const startedAt = new Date();
  const machine = readMachineInfo();
  console.log(
    `[pc:bench] ${mode.name} mode, ${selected.length} workloads, ${machine.cores} x ${machine.cpuModel}, Node ${machine.nodeVersion}, load ${machine.loadAverageAtStart}`,
  );
  const context = createBenchContext(mode);
  const stop = () => {
    void context.dispose().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const results: WorkloadResult[] = [];
  try {
    for (const workload of selected) {
      const workloadStart = performance.now();
      console.log(`\n${workload.title} (${workload.id})`);
      const result = await runWorkload(context, workload, {
        ...(variantFilter === undefined ? {} : { variantFilter }),
        onVariant: printVariant,
      });
      printRatios(result);
      console.log(`    (${((performance.now() - workloadStart) / 1_000).toFixed(1)} s)`);
      results.push(result);
    }
  } finally {
    await context.dispose();
  }
  const argv = process.argv.slice(2).join(' ');
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
    mode: mode.name,
    command: `npx -y pnpm@10.34.9 bench${argv === '' ? '' : ` ${argv}`}`,
    revision: readSourceRevision(paths.repositoryRoot),
    machine,
    libraries: readLibraryVersions(paths.benchDirectory, LIBRARIES),
    valueBytes: sampleValueBytes(),
    workloads: results,
  };
  console.log(`\n[pc:bench] done in ${report.durationSeconds} s`);
  if (write) {
    const written = await writeReport(report, paths);
    for (const file of written) console.log(`[pc:bench] wrote ${file}`);
  }
  const failed = results
    .flatMap((workload) => workload.variants)
    .filter((variant) => variant.status === 'error');
  if (failed.length > 0) {
    console.error(
      `[pc:bench] ${failed.length} variant(s) failed: ${failed.map((variant) => variant.name).join(', ')}`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

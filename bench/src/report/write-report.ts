import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BenchPaths } from '../harness/bench-paths.js';
import type { BenchReport } from '../harness/bench-results.js';
import { renderMarkdown } from './render-markdown.js';
import { renderRatioChart } from './render-svg.js';

/** Writes bench/results/latest.json, bench/results/ratios.svg and BENCHMARKS.md; returns their paths. */
export async function writeReport(report: BenchReport, paths: BenchPaths): Promise<string[]> {
  await mkdir(paths.resultsDirectory, { recursive: true });
  const json = join(paths.resultsDirectory, 'latest.json');
  const chart = join(paths.resultsDirectory, 'ratios.svg');
  const markdown = join(paths.repositoryRoot, 'BENCHMARKS.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(chart, renderRatioChart(report.workloads));
  const chartLink = relative(paths.repositoryRoot, chart).split('\\').join('/');
  await writeFile(markdown, renderMarkdown(report, chartLink));
  return [markdown, json, chart];
}

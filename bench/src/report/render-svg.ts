import type { WorkloadResult } from '../harness/bench-results.js';
import { formatRatio } from '../harness/format.js';

const WIDTH = 1_080;
const LABEL_WIDTH = 440;
/** Longest label drawn, in characters (~6.5 px each at 12 px). */
const LABEL_CHARACTERS = 66;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 70;
const ROW_HEIGHT = 20;
const HEADING_HEIGHT = 26;
const TOP = 56;
const COLORS = { pc: '#2563eb', peer: '#9ca3af', baseline: '#111827' } as const;

function label(text: string): string {
  return escapeXml(
    text.length > LABEL_CHARACTERS ? `${text.slice(0, LABEL_CHARACTERS - 1)}…` : text,
  );
}

function tickLabel(exponent: number): string {
  return exponent >= 0 ? `${10 ** exponent}x` : `${(10 ** exponent).toFixed(-exponent)}x`;
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * A horizontal bar chart of every variant's ops/s as a ratio to its workload's raw
 * baseline, on a log scale (ratios span 0.001x to 10x). Written by hand: a few
 * rects and texts, readable in any browser and on GitHub.
 */
export function renderRatioChart(workloads: readonly WorkloadResult[]): string {
  const rows = workloads.map((workload) => ({
    workload,
    bars: workload.variants.filter(
      (variant) =>
        variant.kind !== 'baseline' &&
        ((variant.status === 'ok' && variant.ratioToBaseline !== undefined) ||
          variant.kind === 'pc'),
    ),
  }));
  const ratios = rows.flatMap((row) =>
    row.bars.flatMap((bar) => (bar.ratioToBaseline === undefined ? [] : [bar.ratioToBaseline])),
  );
  const low = Math.max(-3, Math.floor(Math.log10(Math.min(1, ...ratios))));
  const high = Math.min(2, Math.max(1, Math.ceil(Math.log10(Math.max(1, ...ratios)))));
  const x = (ratio: number) => {
    const clamped = Math.min(10 ** high, Math.max(10 ** low, ratio));
    return PLOT_LEFT + ((Math.log10(clamped) - low) / (high - low)) * PLOT_WIDTH;
  };
  const parts: string[] = [];
  let y = TOP;
  for (const { workload, bars } of rows) {
    parts.push(
      `<text x="10" y="${y + 17}" font-weight="bold">${label(workload.title)}</text>`,
      `<text x="${PLOT_LEFT}" y="${y + 17}" fill="#6b7280">vs ${escapeXml(workload.baseline)}</text>`,
    );
    y += HEADING_HEIGHT;
    if (bars.length === 0) {
      parts.push(
        `<text x="20" y="${y + 14}" fill="#6b7280">(no variant besides the baseline ran)</text>`,
      );
      y += ROW_HEIGHT;
    }
    for (const bar of bars) {
      if (bar.ratioToBaseline === undefined) {
        parts.push(
          `<text x="20" y="${y + 14}">${label(bar.name)}</text>`,
          `<text x="${PLOT_LEFT}" y="${y + 14}" fill="#6b7280" font-style="italic">${bar.status === 'pending' ? 'pending: not in the tree yet' : 'error: see BENCHMARKS.md'}</text>`,
        );
        y += ROW_HEIGHT;
        continue;
      }
      const end = x(bar.ratioToBaseline!);
      const start = x(10 ** low);
      parts.push(
        `<text x="20" y="${y + 14}">${label(bar.name)}</text>`,
        `<rect x="${start.toFixed(1)}" y="${y + 3}" width="${Math.max(1, end - start).toFixed(1)}" height="${ROW_HEIGHT - 6}" fill="${COLORS[bar.kind]}"/>`,
        `<text x="${(end + 4).toFixed(1)}" y="${y + 14}">${formatRatio(bar.ratioToBaseline)}</text>`,
      );
      y += ROW_HEIGHT;
    }
    y += 6;
  }
  const bottom = y;
  const grid: string[] = [];
  for (let exponent = low; exponent <= high; exponent += 1) {
    const position = x(10 ** exponent).toFixed(1);
    const isOne = exponent === 0;
    grid.push(
      `<line x1="${position}" y1="${TOP - 4}" x2="${position}" y2="${bottom}" stroke="${isOne ? '#111827' : '#e5e7eb'}" stroke-width="${isOne ? 1.5 : 1}"${isOne ? '' : ' stroke-dasharray="3 3"'}/>`,
      `<text x="${position}" y="${TOP - 8}" text-anchor="middle" fill="#374151">${tickLabel(exponent)}</text>`,
    );
  }
  const height = bottom + 34;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">ops/s as a ratio to the raw baseline (log scale; 1x = raw client)</text>`,
    ...grid,
    ...parts,
    `<rect x="10" y="${bottom + 12}" width="12" height="12" fill="${COLORS.pc}"/><text x="28" y="${bottom + 22}">pc</text>`,
    `<rect x="60" y="${bottom + 12}" width="12" height="12" fill="${COLORS.peer}"/><text x="78" y="${bottom + 22}">peer library</text>`,
    '</svg>',
    '',
  ].join('\n');
}

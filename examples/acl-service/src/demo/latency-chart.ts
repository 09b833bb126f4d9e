import { percentile } from '../workload/percentile.js';

/** One line pair of the chart: a run's read latencies over its run time. */
export interface LatencySeries {
  readonly label: string;
  /** A CSS colour. */
  readonly color: string;
  /** When each read started, in milliseconds since the run started. */
  readonly starts: readonly number[];
  /** How long each read took, in milliseconds (same order as `starts`). */
  readonly latencies: readonly number[];
}

const WIDTH = 760;
const HEIGHT = 360;
const MARGIN = { left: 56, right: 16, top: 40, bottom: 40 } as const;
const BUCKET_MILLISECONDS = 250;
const FLOOR_MILLISECONDS = 0.1;

/**
 * A self-contained SVG of read latency over time: for each series, the p50
 * (dashed) and p99 (solid) of the reads started in each quarter second, on a
 * log scale.
 */
export function renderLatencyChart(title: string, series: readonly LatencySeries[]): string {
  const buckets = series.map(bucketize);
  const seconds = Math.max(1, ...series.map((one) => Math.max(0, ...one.starts) / 1000));
  const highest = Math.max(1, ...buckets.flat().map((bucket) => bucket.p99));
  const top = 10 ** Math.ceil(Math.log10(highest));
  const x = (second: number) =>
    MARGIN.left + (second / seconds) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (milliseconds: number) => {
    const low = Math.log10(FLOOR_MILLISECONDS);
    const share =
      (Math.log10(Math.max(milliseconds, FLOOR_MILLISECONDS)) - low) / (Math.log10(top) - low);
    return HEIGHT - MARGIN.bottom - share * (HEIGHT - MARGIN.top - MARGIN.bottom);
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let tick = FLOOR_MILLISECONDS; tick <= top; tick *= 10) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${tick >= 1 ? tick : tick.toFixed(1)} ms</text>`,
    );
  }
  const step = seconds > 20 ? 5 : seconds > 8 ? 2 : 1;
  for (let second = 0; second <= seconds; second += step) {
    parts.push(
      `<text x="${x(second).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${second} s</text>`,
    );
  }
  parts.push(
    `<text x="${WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle">time since the run started (reads of each quarter second: p50 dashed, p99 solid)</text>`,
  );
  series.forEach((one, index) => {
    const points = (pick: (bucket: Bucket) => number) =>
      buckets[index]!.map(
        (bucket) => `${x(bucket.second).toFixed(1)},${y(pick(bucket)).toFixed(1)}`,
      ).join(' ');
    parts.push(
      `<polyline fill="none" stroke="${one.color}" stroke-width="1.5" stroke-dasharray="4 3" points="${points((bucket) => bucket.p50)}"/>`,
      `<polyline fill="none" stroke="${one.color}" stroke-width="1.5" points="${points((bucket) => bucket.p99)}"/>`,
      `<rect x="${MARGIN.left + 10 + index * 200}" y="${MARGIN.top - 12}" width="12" height="4" fill="${one.color}"/>`,
      `<text x="${MARGIN.left + 28 + index * 200}" y="${MARGIN.top - 8}">${escapeXml(one.label)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

interface Bucket {
  readonly second: number;
  readonly p50: number;
  readonly p99: number;
}

function bucketize(series: LatencySeries): Bucket[] {
  const groups = new Map<number, number[]>();
  series.starts.forEach((start, index) => {
    const bucket = Math.floor(start / BUCKET_MILLISECONDS);
    let group = groups.get(bucket);
    if (group === undefined) {
      group = [];
      groups.set(bucket, group);
    }
    group.push(series.latencies[index]!);
  });
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([bucket, latencies]) => ({
      second: ((bucket + 0.5) * BUCKET_MILLISECONDS) / 1000,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    }));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
